"""Schemathesis hooks for scripts/schemathesis: the token routes get real credentials.

Generated API keys and refresh tokens are always refused (401), so the token routes
would never be seen succeeding. Where a generated body carries the credential as a
string, these hooks swap in the demo partner's key or a refresh token obtained for it;
schemathesis re-checks the case, so cases left negative by other members stay negative.
"""

import os

import schemathesis


def _with(body, member, value):
    if isinstance(body, dict) and isinstance(body.get(member), str):
        return {**body, member: value}
    return body


@schemathesis.hook("map_body").apply_to(method="POST", path="/api/v1/auth/token/")
def real_api_key(context, body):
    return _with(body, "apiKey", os.environ["PARTNERB2B_API_KEY"])


@schemathesis.hook("map_body").apply_to(method="POST", path="/api/v1/auth/token/refresh/")
def real_refresh_token(context, body):
    return _with(body, "refresh", os.environ["PARTNERB2B_REFRESH_TOKEN"])
