"""MPP Digital: a low-code service-definition framework.

Definitions (YAML) are loaded, checked and compiled into immutable
``ServiceSpec`` objects; everything else (forms, workflow, API, admin,
generated documents) is derived from those.
"""

__version__ = "0.1.0"
