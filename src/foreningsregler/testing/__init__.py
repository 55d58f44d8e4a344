"""A statute's own tests (``*.test.yaml``) and the pytest plugin that collects them."""

from .statute_tests import load_suite, run_suite, statute_test_file

__all__ = ["load_suite", "run_suite", "statute_test_file"]
