"""The HandlerRequest that CloudFormation sends to a resource type, and one Lambda Invoke of it.

The demo and every benchmark talk to the handler through this module, so the request they send is
written once, in the shape `cfn test` sends.
The local endpoint (make local-up) answers the Lambda Invoke API on 127.0.0.1:$HANDLER_PORT.
"""

import json
import os
import urllib.error
import urllib.request
import uuid

TYPE_NAME = "AWS::SNS::SSETopic"
REGION = os.environ.get("AWS_REGION", "us-east-1")
# moto's default account; the local AWS answers STS GetCallerIdentity with it.
LOCAL_ACCOUNT = "123456789012"
ENDPOINT = f"http://127.0.0.1:{os.environ.get('HANDLER_PORT', '3001')}"
INVOKE_URL = f"{ENDPOINT}/2015-03-31/functions/TypeFunction/invocations"
# Throwaway credentials for the local AWS, which checks none.
LOCAL_CREDENTIALS = {
    "accessKeyId": "testing", "secretAccessKey": "testing", "sessionToken": "testing",
}


class HandlerEndpointError(Exception):
    """The endpoint could not be reached, failed, or answered something that is not an event."""


def handler_request(action, properties, previous=None, *, logical_id="Topic",
                    credentials=None, account_id=LOCAL_ACCOUNT, region=REGION,
                    callback_context=None, bearer_token=None, stack_id=None, next_token=None):
    """A HandlerRequest body as CloudFormation builds it for one invocation."""
    request = {
        "requestData": {
            "callerCredentials": credentials or LOCAL_CREDENTIALS,
            "resourceProperties": properties,
            "previousResourceProperties": previous,
            "logicalResourceId": logical_id,
            "typeConfiguration": None,
        },
        "region": region,
        "awsAccountId": account_id,
        "action": action,
        "callbackContext": callback_context,
        "bearerToken": bearer_token or str(uuid.uuid4()),
        "resourceType": TYPE_NAME,
        "nextToken": next_token,
    }
    if stack_id:
        request["stackId"] = stack_id
    return request


def post(request, timeout=120):
    """One Lambda Invoke of the local endpoint; returns the ProgressEvent as a dict.

    The request holds credentials, so it never appears in an error message.
    """
    http_request = urllib.request.Request(
        INVOKE_URL, data=json.dumps(request).encode(), method="POST",
        headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(http_request, timeout=timeout) as response:
            function_error = response.headers.get("X-Amz-Function-Error")
            answer = response.read().decode()
    except urllib.error.HTTPError as e:
        raise HandlerEndpointError(
            f"the handler endpoint answered HTTP {e.code}: {e.read().decode()}") from None
    except OSError as e:  # URLError included
        raise HandlerEndpointError(
            f"cannot reach the handler endpoint at {INVOKE_URL} ({e}); start it with"
            " `make local-up`") from None
    if function_error:
        raise HandlerEndpointError(f"the handler threw ({function_error}): {answer}")
    try:
        return json.loads(answer)
    except json.JSONDecodeError:
        raise HandlerEndpointError(
            f"the handler answered something that is not JSON: {answer[:500]}") from None


def invoke(action, properties, previous=None, **request_fields):
    """One invocation that must succeed at once (the benchmarks' actions never wait)."""
    event = post(handler_request(action, properties, previous, **request_fields))
    if event.get("status") != "SUCCESS":
        raise HandlerEndpointError(
            f"{action} answered {event.get('status')}: {event.get('errorCode')}:"
            f" {event.get('message')}")
    return event
