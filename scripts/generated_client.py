"""A client generated from the description by openapi-python-client, used as a partner
would use it (scripts/openapi-checks runs this against the local server).

    generated_client.py DESCRIPTION CLIENT_DIR SERVER_URL API_KEY

CLIENT_DIR holds the generated package `partnerb2b_client`. Through the client's typed
calls only: token, create the description's example profile, submit it, request an
analysis, poll it until it completes, read it; the typed result must be the server's.
Then the same client reads from the same server grown since the client was generated
(`GrownServer`: an attribute, a category, a type, a unit, a rule, a factor, a
counterfactual change, a metric, an event type, an error and a detail code it has never
heard of): every response must still parse to its typed model, the new values kept.
"""

import json
import sys
import time

import httpx

DESCRIPTION, CLIENT_DIR, SERVER_URL, API_KEY = sys.argv[1:5]
sys.path.insert(0, CLIENT_DIR)

from partnerb2b_client import AuthenticatedClient, Client  # noqa: E402
from partnerb2b_client.api.analyses import get_analysis, request_analysis  # noqa: E402
from partnerb2b_client.api.attributes import list_attributes  # noqa: E402
from partnerb2b_client.api.auth import create_token  # noqa: E402
from partnerb2b_client.api.profiles import create_profile, get_profile, submit_profile  # noqa: E402
from partnerb2b_client.api.webhooks import create_webhook, get_webhook  # noqa: E402
from partnerb2b_client.models import (  # noqa: E402
    AnalysisResult,
    AnalysisStatus,
    AttributeDefinition,
    Error,
    ProfileCreate,
    ProfileStatus,
    TokenRequest,
    WebhookCreate,
)


def check(condition, what):
    if not condition:
        sys.exit(f"generated client: {what}")


def parsed(response, status, what):
    """The typed body of a response that must have `status`."""
    check(
        response.status_code == status,
        f"{what}: {response.status_code} {response.content[:500]!r}",
    )
    return response.parsed


def example_profile():
    with open(DESCRIPTION) as file:
        description = json.load(file)
    request = description["paths"]["/api/v1/profiles/"]["post"]["requestBody"]
    return request["content"]["application/json"]["examples"]["complete"]["value"]


def access_token():
    body = TokenRequest(api_key=API_KEY)
    tokens = parsed(create_token.sync_detailed(client=Client(SERVER_URL), body=body), 200, "token")
    return tokens.data.access


def analysed_profile(client):
    """The example profile created, submitted and analysed: its id and the analysis."""
    profile = ProfileCreate.from_dict(example_profile())
    created = parsed(create_profile.sync_detailed(client=client, body=profile), 201, "create")
    profile_id = created.data.id
    submitted = parsed(submit_profile.sync_detailed(profile_id, client=client), 200, "submit")
    check(submitted.data.status is ProfileStatus.SUBMITTED, f"submitted: {submitted.data.status}")
    requested = request_analysis.sync_detailed(profile_id, client=client, idempotency_key="client-1")
    analysis = parsed(requested, 202, "request an analysis").data
    deadline = time.monotonic() + 30
    while analysis.status is AnalysisStatus.PENDING and time.monotonic() < deadline:
        time.sleep(0.1)
        analysis = parsed(get_analysis.sync_detailed(analysis.id, client=client), 200, "poll").data
    check(analysis.status is AnalysisStatus.COMPLETED, f"the analysis is {analysis.status}")
    return profile_id, analysis


def check_result(result, raw):
    """The typed result is the server's JSON: the example passes every hard rule, and is
    favourable unless no usury threshold is loaded for this quarter (then `review`, the
    USURY_RATE rule warning), as on a fresh local server."""
    check(isinstance(result, AnalysisResult), f"result is a {type(result)}")
    check(result.score == raw["score"] and 0 <= result.score <= 1000, f"score {result.score}")
    check(result.decision.value == raw["decision"], f"decision {result.decision}")
    check(result.grade.value == raw["grade"], f"grade {result.grade}")
    rules = {rule.code: rule for rule in result.rules}
    usury = rules["USURY_RATE"].status.value
    expected = "favorable" if usury == "pass" else "review"
    check(usury in ("pass", "warn") and result.decision.value == expected, f"decision {result.decision}, usury {usury}")
    check(rules["HCSF_EFFORT_RATE"].status.value == "pass", f"rules {list(rules)}")
    check(
        [rule.code for rule in result.rules] == [rule["code"] for rule in raw["rules"]],
        "every rule, in order",
    )


class GrownServer(httpx.BaseTransport):
    """The server as it may be later: its responses carry values this client was
    generated without. Only the bodies change; the status and headers stay."""

    def __init__(self):
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request):
        response = self.inner.handle_request(request)
        response.read()
        if not response.content:
            return response
        body = grow(request.url.path, json.loads(response.content))
        headers = [
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in ("content-length", "content-encoding")
        ]
        return httpx.Response(response.status_code, headers=headers, json=body)


NEW_ATTRIBUTE = {
    "name": "energy_class",
    "type": "choice",
    "unit": "basis_points",
    "allowed_values": ["fixed", "variable"],
    "min": None,
    "max": None,
    "required": False,
    "required_if": None,
    "category": "pricing",
    "description": {"fr": "Type de taux.", "en": "Rate type."},
    "used_in_scoring": True,
}


def grow(path, body):
    data = body.get("data")
    if "error" in body:
        body["error"]["code"] = "quota_exceeded"
        body["error"]["details"].append({"field": "", "code": "quota", "message": "Monthly quota reached"})
    elif path.endswith("/attributes/"):
        data.append(NEW_ATTRIBUTE)
    elif "/profiles/" in path and "missing_attributes" in data:
        data["attributes"]["energy_class"] = "A"
        data["attributes"]["housing_status"] = "social_housing"
        data["missing_attributes"].append("notary_fees")
    elif "/analyses/" in path and data.get("result"):
        result = data["result"]
        result["rules"].append(
            {"code": "STRESS_TEST", "status": "pass", "value": 0.04, "threshold": 0.05, "message": "Affordable at a rate 2 points higher."}
        )
        result["factors"].append({"code": "ENERGY_EFFICIENCY", "impact": 5, "message": "A well-insulated home."})
        result["counterfactuals"].append({"change": "energy_class", "value": 0, "effect": "A better energy class."})
        result["metrics"]["stressed_apr"] = 0.0601
    elif "/webhooks/" in path:
        data["events"].append("profile.archived")
    return body


def read_through_grown_server(token, profile_id, analysis_id, webhook_id):
    client = AuthenticatedClient(SERVER_URL, token=token, httpx_args={"transport": GrownServer()})

    catalogue = parsed(list_attributes.sync_detailed(client=client), 200, "grown catalogue").data
    new = [attribute for attribute in catalogue if attribute.name == "energy_class"]
    check(len(new) == 1 and isinstance(new[0], AttributeDefinition), "the new attribute")
    check((new[0].type_, new[0].category, new[0].unit) == ("choice", "pricing", "basis_points"), "its type")

    profile = parsed(get_profile.sync_detailed(profile_id, client=client), 200, "grown profile").data
    check(profile.attributes.additional_properties.get("energy_class") == "A", "the new attribute's value")
    check(profile.attributes.housing_status == "social_housing", "a new enumerated value")
    check("notary_fees" in profile.missing_attributes, "a new missing attribute")

    analysis = parsed(get_analysis.sync_detailed(analysis_id, client=client), 200, "grown analysis").data
    result = analysis.result
    check(isinstance(result, AnalysisResult), f"grown result is a {type(result)}")
    check(result.rules[-1].code == "STRESS_TEST" and result.rules[-1].status.value == "pass", "the new rule")
    check(result.factors[-1].code == "ENERGY_EFFICIENCY", "the new factor")
    check(result.counterfactuals[-1].change == "energy_class", "the new counterfactual")
    check(result.metrics.additional_properties.get("stressed_apr") == 0.0601, "the new metric")

    webhook = parsed(get_webhook.sync_detailed(webhook_id, client=client), 200, "grown webhook").data
    check(webhook.events[-1] == "profile.archived", f"the new event type: {webhook.events}")

    refused = ProfileCreate.from_dict({"attributes": {"loan_amount": -1}})
    error = parsed(create_profile.sync_detailed(client=client, body=refused), 422, "grown error")
    check(isinstance(error, Error), f"grown error is a {type(error)}")
    check(error.error.code == "quota_exceeded", f"the new error code: {error.error.code}")
    check(error.error.details[-1].code == "quota", "the new detail code")


def main():
    token = access_token()
    client = AuthenticatedClient(SERVER_URL, token=token)
    profile_id, analysis = analysed_profile(client)
    raw = httpx.get(
        f"{SERVER_URL}/api/v1/analyses/{analysis.id}/",
        headers={"Authorization": f"Bearer {token}"},
    ).json()["data"]["result"]
    check_result(analysis.result, raw)
    webhook = WebhookCreate.from_dict({"url": "http://127.0.0.1:9/webhooks"})
    webhook_id = parsed(create_webhook.sync_detailed(client=client, body=webhook), 201, "webhook").data.id
    read_through_grown_server(token, profile_id, analysis.id, webhook_id)
    print("generated client: the flow ran and the grown responses parsed")


if __name__ == "__main__":
    main()
