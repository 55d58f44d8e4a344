"""The HTTP service (``foreningsregler serve``): a JSON API on the loaded
statutes and a protocol, with an OpenAPI document; docs/service.md.

The app itself (``service.app.create_app``) needs the extra ``service``
(FastAPI, uvicorn); this package's front door does not import it.
"""

from .command import build_service, serve_command
from .loaded import Service

__all__ = ["Service", "build_service", "serve_command"]
