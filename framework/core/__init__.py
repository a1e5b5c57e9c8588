"""The bottom layer: settings from the environment and the one bilingual text type.

Everything may import it; it imports nothing else of the framework.
"""
