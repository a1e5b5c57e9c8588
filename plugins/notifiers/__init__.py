"""Notification channels."""

from __future__ import annotations

from framework.plugins.base import Notifier


class InboxNotifier(Notifier):
    id = "inbox"


class EmailNotifier(Notifier):
    id = "email"


class SMSNotifier(Notifier):
    id = "sms"


class WhatsAppNotifier(Notifier):
    id = "whatsapp"
