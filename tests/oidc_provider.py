"""Runs the OpenID Connect provider the single sign-on tests sign in through: the published
`oidc-provider-mock` server (Authlib's authorization server, RS256 ID tokens, discovery,
JWKS), unchanged, with its process clock set to the instant the platform under test lives
at (the platform's clock is fixed at support.TEST_NOW; the provider dates its tokens by
its own, so the two must agree, as two real servers' clocks do).

    python tests/oidc_provider.py --at 2026-11-20T02:00:00+00:00 -- --port 9400 --require-nonce
"""

from __future__ import annotations

import sys
from datetime import datetime

import time_machine


def main(argv: list[str]) -> None:
    at = datetime.fromisoformat(argv[argv.index("--at") + 1])
    provider_args = argv[argv.index("--") + 1 :]
    time_machine.travel(at, tick=True).start()
    from oidc_provider_mock.__main__ import run

    run.main(args=provider_args, prog_name="oidc-provider-mock", standalone_mode=True)


if __name__ == "__main__":
    main(sys.argv[1:])
