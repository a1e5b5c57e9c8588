"""The admin's screens, one module each; every one calls a service function in `framework.services`."""
