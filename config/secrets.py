"""Development secrets, generated once into a git-ignored file.

Development must work with nothing set, yet a key that changes at every start would log
everybody out and, worse, change every pseudonym. So the keys are made once and kept.
Production never comes here: it refuses to start without its secrets (see settings).
"""

import json
import secrets
from pathlib import Path


def development_secrets(path: Path) -> dict[str, str]:
    if path.exists():
        return json.loads(path.read_text())
    keys = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PSEUDONYM_KEY": secrets.token_urlsafe(32),
    }
    path.write_text(json.dumps(keys, indent=2))
    path.chmod(0o600)
    return keys
