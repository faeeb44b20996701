"""Per-rule log files: messages and any traceback of a rule script go to its log."""

from __future__ import annotations

import logging
import sys
from pathlib import Path


def to_file(path: str | Path) -> logging.Logger:
    """Send logging and uncaught exceptions of this process to ``path`` (and stderr)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    handlers = [logging.FileHandler(path, mode="w"), logging.StreamHandler(sys.stderr)]
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
        force=True,
    )
    logger = logging.getLogger("chinatrade")

    def log_uncaught(kind, value, traceback):
        logger.error("job failed: %s", value, exc_info=(kind, value, traceback))

    sys.excepthook = log_uncaught
    return logger
