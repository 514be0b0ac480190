"""The app as gunicorn serves it (`matchmaker serve`, `wsgi.py`).

Each worker imports Flask, SQLAlchemy, Babel, scikit-learn and SciPy: some 220,000 objects
that live as long as the worker. Python's cyclic garbage collector would walk all of them on
every full collection (about 0.1 s on the reference machine, a pause that lands on whichever
requests are running). They are moved out of its sight once, at start-up, with `gc.freeze()`;
objects created later are collected as usual (and frozen ones are still freed by reference
counting when dropped).

Each worker also builds its supplier index for recommendations as soon as it starts.
"""

from __future__ import annotations

import gc
import logging
import threading

from flask import Flask

from matchmaker import create_app


def create_server_app() -> Flask:
    """The app, with the worker's start-up objects frozen out of the cyclic collector."""
    app = create_app()
    import matching.engine  # noqa: F401  (the engine's imports are heavy: load them now)

    gc.collect()
    gc.freeze()
    threading.Thread(target=_warm, args=(app,), name="warm-index", daemon=True).start()
    return app


def _warm(app: Flask) -> None:
    """Build this worker's supplier index now, so that the first need page after a start or
    a deploy does not wait the seconds a build takes (requests meanwhile wait for it, as
    they would have anyway)."""
    from matchmaker.extensions import db
    from matchmaker.services.sourcing.supplier_index import cache_for

    try:
        with app.app_context():
            cache_for(app).current()
            db.session.remove()
    except Exception:  # an empty or unmigrated database: the first request will build
        logging.getLogger(__name__).warning("supplier index not built at start", exc_info=True)
