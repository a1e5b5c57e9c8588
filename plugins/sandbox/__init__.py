"""Synthetic data shared by the sandbox adapters (IKD, SISDMK, sign-in)."""
