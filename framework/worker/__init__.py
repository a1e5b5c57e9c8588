"""The background worker (`mpp worker`): an entry point like the web app and the CLI.

It drains the outbox and runs the periodic chores (SLA deadlines, complaint
status sync) by calling the service functions in `framework.services`.
"""
