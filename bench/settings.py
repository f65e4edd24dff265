"""The application's settings with the benchmark's baseline view mounted (bench/urls.py)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
