#!/usr/bin/python3
"""Reference SigV4 signatures from botocore, for tests/unit/sigv4_test.cpp.

Reads one request per line on stdin, tab-separated, and writes one answer per line:

  PRESIGN method endpoint bucket key_hex region access_key secret timestamp expires
          content_type style session_token [content_length]
      -> the presigned URL of botocore's S3 client (generate_presigned_url)
  SIGN method endpoint bucket key_hex region access_key secret timestamp range style
       session_token [query]
      -> the Authorization header of botocore's S3SigV4Auth with UNSIGNED-PAYLOAD

key_hex is the object key's UTF-8 bytes in hex (so that any key survives the line
format), timestamp is YYYYMMDDTHHMMSSZ, style is "path" or "virtual", and
content_type, range, session_token, content_length and query may be "-" for none.
query is the request's parameters as name=value_hex pairs joined by "&" (the value's
UTF-8 bytes in hex, empty for a parameter without a value, as in "uploads="); they are
written into the URL percent-encoded, in the order given, as botocore's S3 serializer
writes them ("?uploads", "?partNumber=1&uploadId=..."), and botocore signs that URL.

Run with Debian's /usr/bin/python3, which sees python3-botocore.
"""
import datetime
import sys
import types

import botocore.auth
import botocore.session
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.utils import percent_encode

_frozen = [datetime.datetime(2000, 1, 1)]


class _FrozenDatetime(datetime.datetime):
    @classmethod
    def utcnow(cls):
        return _frozen[0]


# botocore.auth reads the time as datetime.datetime.utcnow(): freeze it there only.
botocore.auth.datetime = types.SimpleNamespace(datetime=_FrozenDatetime)

OPERATIONS = {"PUT": "put_object", "GET": "get_object", "HEAD": "head_object",
              "DELETE": "delete_object"}


def freeze(timestamp):
    _frozen[0] = datetime.datetime.strptime(timestamp, "%Y%m%dT%H%M%SZ")


def none_if_dash(value):
    return None if value == "-" else value


def presign(session, fields):
    (method, endpoint, bucket, key_hex, region, access_key, secret, timestamp, expires,
     content_type, style, token, *rest) = fields
    content_length = rest[0] if rest else "-"
    freeze(timestamp)
    client = session.create_client(
        "s3", region_name=region, endpoint_url=endpoint, aws_access_key_id=access_key,
        aws_secret_access_key=secret, aws_session_token=none_if_dash(token),
        config=Config(signature_version="s3v4", s3={"addressing_style": style}))
    params = {"Bucket": bucket, "Key": bytes.fromhex(key_hex).decode("utf-8")}
    if content_type != "-":
        params["ContentType"] = content_type
    if content_length != "-":
        params["ContentLength"] = int(content_length)
    return client.generate_presigned_url(OPERATIONS[method], Params=params,
                                         ExpiresIn=int(expires), HttpMethod=method)


def query_string(query):
    """The URL query of a SIGN line's query field, percent-encoded as botocore does."""
    if query == "-":
        return ""
    params = []
    for pair in query.split("&"):
        name, _, value_hex = pair.partition("=")
        value = bytes.fromhex(value_hex).decode("utf-8")
        params.append(percent_encode(name) + ("=" + percent_encode(value) if value else ""))
    return "?" + "&".join(params)


def sign(fields):
    (method, endpoint, bucket, key_hex, region, access_key, secret, timestamp, range_,
     style, token, *rest) = fields
    query = rest[0] if rest else "-"
    freeze(timestamp)
    # The URL as botocore's S3 serializer writes it.
    key = percent_encode(bytes.fromhex(key_hex).decode("utf-8"), safe="/~")
    scheme, authority = endpoint.split("://", 1)
    if style == "path":
        url = f"{endpoint}/{bucket}" + (f"/{key}" if key else "")
    else:
        url = f"{scheme}://{bucket}.{authority}/{key}"
    url += query_string(query)
    headers = {} if range_ == "-" else {"Range": range_}
    request = AWSRequest(method=method, url=url, headers=headers)
    request.context["client_config"] = Config(s3={"payload_signing_enabled": False})
    auth = botocore.auth.S3SigV4Auth(Credentials(access_key, secret, none_if_dash(token)),
                                     "s3", region)
    auth.add_auth(request)
    return request.headers["Authorization"]


def main():
    session = botocore.session.get_session()
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line:
            continue
        mode, *fields = line.split("\t")
        print(presign(session, fields) if mode == "PRESIGN" else sign(fields), flush=True)


if __name__ == "__main__":
    main()
