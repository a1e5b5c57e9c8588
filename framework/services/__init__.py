"""The service layer: the functions every entry point calls (API, portal, admin, CLI, worker).

Filing, deciding and reading applications, complaints, notifications, issued
products, tracking numbers and the audit trail. Each function is one
transaction and takes and returns typed objects; views stay thin.
"""
