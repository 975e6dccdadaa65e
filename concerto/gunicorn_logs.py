"""gunicorn's own lines (and uvicorn's, which write through gunicorn's handlers) as JSON too, when
`LOG_FORMAT=json` (concerto web passes `--logger-class concerto.gunicorn_logs.JSONLogger`)."""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from concerto.logs import json_lines


class JSONLogger(Logger):
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for logger in (self.error_log, self.access_log):
            for handler in logger.handlers:
                handler.setFormatter(json_lines())
