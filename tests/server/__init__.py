"""Tests of the jupyter_server extension and its REST API."""
