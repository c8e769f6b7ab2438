"""The jupyter_server extension: the REST API of the Experiments panel.

Routes live under ``<base_url>/jupyterlab-experiments/api/`` and are described
in ``openapi.yaml`` beside this file.
"""
