#!/usr/bin/env python3
"""A second client for the AWS sandbox: botocore (the SDK under the AWS CLI and boto3), independent
of the JS SDK, drives the integration's operations and the edge behaviours AWS documents.

Input: the environment variable SANDBOX_JSON = {"endpoint", "region", "accountId", "admin": {...},
"c1": {...}, "externalId"} (credentials as accessKeyId/secretAccessKey/sessionToken).
Output (stdout): one JSON object {"botocore": version, "steps": [{"name", "ok", "detail"}]}.
Exit 0 when it ran (failed steps are reported, not raised); exit 3 with "skipped: <reason>" on
stdout when boto3/botocore are not importable.

Every operation here is modelled by the installed botocore (GetWebIdentityToken and the IAM
outbound federation operations included, botocore >= 1.41); raw HTTP is used only where the point
is the wire itself (presigned URL, malformed escapes, body limits, unsigned requests, controls).
"""
import base64
import datetime
import http.client
import json
import os
import sys
import time
import urllib.parse

try:
    import boto3
    import botocore
    import botocore.auth
    from botocore.config import Config
    from botocore.exceptions import ClientError
except ImportError as exc:  # pragma: no cover - depends on the machine
    print(f"skipped: boto3/botocore not importable ({exc})")
    sys.exit(3)

CFG = json.loads(os.environ["SANDBOX_JSON"])
ENDPOINT = CFG["endpoint"]
REGION = CFG["region"]
ACCOUNT = CFG["accountId"]
EXTERNAL_ID = CFG["externalId"]
C1_ROLE = "arn:aws:iam::765656841499:role/ConductorOneService"
DOMAIN = "boto.example.test"
AUDIENCE = "acme.conductor.one"

steps = []


def client(service, creds=None, region=REGION, retries=None):
    creds = creds or CFG["admin"]
    return boto3.session.Session().client(
        service,
        endpoint_url=ENDPOINT,
        region_name=region,
        aws_access_key_id=creds["accessKeyId"],
        aws_secret_access_key=creds["secretAccessKey"],
        aws_session_token=creds.get("sessionToken"),
        config=Config(retries=retries or {"mode": "standard", "max_attempts": 3}, connect_timeout=5, read_timeout=30),
    )


def step(name):
    def wrap(fn):
        started = time.monotonic()
        try:
            detail = fn()
            steps.append({"name": name, "ok": True, "detail": str(detail or ""), "ms": round((time.monotonic() - started) * 1000)})
        except Exception as exc:  # report, keep going
            steps.append({"name": name, "ok": False, "detail": f"{type(exc).__name__}: {exc}", "ms": round((time.monotonic() - started) * 1000)})
        return fn
    return wrap


def expect_error(fn, code, status=None, message=None):
    try:
        fn()
    except ClientError as exc:
        got = exc.response["Error"]["Code"]
        got_status = exc.response["ResponseMetadata"]["HTTPStatusCode"]
        if got != code:
            raise AssertionError(f"expected {code}, got {got}: {exc}")
        if status is not None and got_status != status:
            raise AssertionError(f"expected HTTP {status} for {code}, got {got_status}")
        if message is not None and message not in exc.response["Error"].get("Message", ""):
            raise AssertionError(f"expected message containing {message!r}, got {exc.response['Error'].get('Message')!r}")
        return f"{code} ({got_status})"
    raise AssertionError(f"expected {code}, the call succeeded")


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def creds_of(resp):
    c = resp["Credentials"]
    return {"accessKeyId": c["AccessKeyId"], "secretAccessKey": c["SecretAccessKey"], "sessionToken": c["SessionToken"]}


def raw(method, path, headers=None, body=None):
    u = urllib.parse.urlsplit(ENDPOINT)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        if body is not None and "Content-Length" not in (headers or {}):
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        if body is not None:
            try:
                conn.send(body)
            except (BrokenPipeError, ConnectionResetError):
                pass
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read().decode("utf-8", "replace")
    finally:
        conn.close()


def control(path, payload):
    status, _, body = raw("POST", path, {"Content-Type": "application/json"}, json.dumps(payload).encode())
    check(status == 200, f"control {path} answered {status}: {body}")


iam = client("iam")
sts_admin = client("sts")
c1 = client("sts", CFG["c1"])
sesv2 = client("sesv2")
r53 = client("route53")

TRUST = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": C1_ROLE}, "Action": "sts:AssumeRole",
                   "Condition": {"StringEquals": {"sts:ExternalId": EXTERNAL_ID}}}],
})
SEND = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["ses:SendEmail", "ses:SendRawEmail"], "Resource": f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/{DOMAIN}"}]})
TOKEN = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "sts:GetWebIdentityToken", "Resource": "*",
     "Condition": {"ForAllValues:StringEquals": {"sts:IdentityTokenAudience": AUDIENCE}, "Null": {"sts:IdentityTokenAudience": "false"}}}]})
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/c1-ses-sender"
state = {}


# ---------------------------------------------------------------- IAM
@step("iam: CreateRole with trust, tags")
def _():
    r = iam.create_role(RoleName="c1-ses-sender", AssumeRolePolicyDocument=TRUST, Tags=[{"Key": "team", "Value": "mail"}])
    check(r["Role"]["Arn"] == ROLE_ARN, r["Role"]["Arn"])


@step("iam: GetRole decodes the trust document")
def _():
    r = iam.get_role(RoleName="c1-ses-sender")["Role"]
    check(r["AssumeRolePolicyDocument"]["Statement"][0]["Condition"]["StringEquals"]["sts:ExternalId"] == EXTERNAL_ID, "trust round-trip")
    check(r["MaxSessionDuration"] == 3600, r["MaxSessionDuration"])


@step("iam: Put/Get/ListRolePolicies")
def _():
    iam.put_role_policy(RoleName="c1-ses-sender", PolicyName="send", PolicyDocument=SEND)
    doc = iam.get_role_policy(RoleName="c1-ses-sender", PolicyName="send")["PolicyDocument"]
    check(doc["Statement"][0]["Action"] == ["ses:SendEmail", "ses:SendRawEmail"], doc)
    check(iam.list_role_policies(RoleName="c1-ses-sender")["PolicyNames"] == ["send"], "list")


@step("iam: CreatePolicy/Attach/ListAttached/GetPolicyVersion")
def _():
    arn = iam.create_policy(PolicyName="boto-extra", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ses:GetAccount", "Resource": "*"}]}))["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="c1-ses-sender", PolicyArn=arn)
    attached = iam.list_attached_role_policies(RoleName="c1-ses-sender")["AttachedPolicies"]
    check([a["PolicyArn"] for a in attached] == [arn], attached)
    check(iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 1, "attachment count")
    check(iam.get_policy_version(PolicyArn=arn, VersionId="v1")["PolicyVersion"]["Document"]["Statement"][0]["Action"] == "ses:GetAccount", "version doc")
    iam.detach_role_policy(RoleName="c1-ses-sender", PolicyArn=arn)


@step("iam: MaxSessionDuration out of 3600-43200 is ValidationError")
def _():
    out = [expect_error(lambda: iam.update_role(RoleName="c1-ses-sender", MaxSessionDuration=50000), "ValidationError", 400)]
    # botocore checks the model's min (3600) itself; turn that off so the server's check is what answers.
    unchecked = boto3.session.Session().client("iam", endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id=CFG["admin"]["accessKeyId"], aws_secret_access_key=CFG["admin"]["secretAccessKey"], config=Config(parameter_validation=False))
    out.append(expect_error(lambda: unchecked.create_role(RoleName="too-short", AssumeRolePolicyDocument=TRUST, MaxSessionDuration=3599), "ValidationError", 400))
    iam.update_role(RoleName="c1-ses-sender", MaxSessionDuration=43200)
    check(iam.get_role(RoleName="c1-ses-sender")["Role"]["MaxSessionDuration"] == 43200, "43200 kept")
    iam.update_role(RoleName="c1-ses-sender", MaxSessionDuration=3600)
    return out


@step("iam: ListRoles pages with MaxItems/Marker (botocore paginator)")
def _():
    for i in range(5):
        iam.create_role(RoleName=f"boto-paged-{i}", AssumeRolePolicyDocument=TRUST)
    first = iam.list_roles(MaxItems=2)
    check(first["IsTruncated"] and "Marker" in first and len(first["Roles"]) == 2, first.get("IsTruncated"))
    names = []
    pages = 0
    for page in iam.get_paginator("list_roles").paginate(PaginationConfig={"PageSize": 2}):
        pages += 1
        names += [r["RoleName"] for r in page["Roles"]]
    check(len(names) == len(set(names)) and len(names) >= 6 and pages >= 3, f"{pages} pages, {names}")
    return f"{pages} pages"


# ---------------------------------------------------------------- STS
@step("sts: GetCallerIdentity (admin and C1 service)")
def _():
    me = sts_admin.get_caller_identity()
    check(me["Account"] == ACCOUNT and me["Arn"].endswith(":user/sandbox-admin"), me["Arn"])
    check(c1.get_caller_identity()["Arn"].startswith("arn:aws:sts::765656841499:assumed-role/ConductorOneService/"), "c1 arn")


@step("sts: AssumeRole without / with a wrong ExternalId is AccessDenied")
def _():
    a = expect_error(lambda: c1.assume_role(RoleArn=ROLE_ARN, RoleSessionName="c1"), "AccessDenied", 403)
    b = expect_error(lambda: c1.assume_role(RoleArn=ROLE_ARN, RoleSessionName="c1", ExternalId="wrong-external-id"), "AccessDenied", 403)
    return [a, b]


@step("sts: AssumeRole with the ExternalId; the session calls GetCallerIdentity")
def _():
    r = c1.assume_role(RoleArn=ROLE_ARN, RoleSessionName="c1", ExternalId=EXTERNAL_ID)
    state["sender"] = creds_of(r)
    arn = client("sts", state["sender"]).get_caller_identity()["Arn"]
    check(arn == f"arn:aws:sts::{ACCOUNT}:assumed-role/c1-ses-sender/c1", arn)


@step("sts: Tags need sts:TagSession, SourceIdentity needs sts:SetSourceIdentity in the trust")
def _():
    a = expect_error(lambda: c1.assume_role(RoleArn=ROLE_ARN, RoleSessionName="c1", ExternalId=EXTERNAL_ID, Tags=[{"Key": "k", "Value": "v"}]), "AccessDenied", 403, "sts:TagSession")
    b = expect_error(lambda: c1.assume_role(RoleArn=ROLE_ARN, RoleSessionName="c1", ExternalId=EXTERNAL_ID, SourceIdentity="alice"), "AccessDenied", 403, "sts:SetSourceIdentity")
    return [a, b]


@step("sts: presigned GetCallerIdentity URL (query-string SigV4)")
def _():
    # botocore signs a presigned URL for the model's method (POST for awsQuery) unless told GET.
    url = sts_admin.generate_presigned_url("get_caller_identity", Params={}, ExpiresIn=900, HttpMethod="GET")
    u = urllib.parse.urlsplit(url)
    status, _, body = raw("GET", f"{u.path or '/'}?{u.query}", {"Host": u.netloc})
    check(status == 200 and f"arn:aws:iam::{ACCOUNT}:user/sandbox-admin" in body, f"{status} {body[:200]}")
    tampered = f"{u.path or '/'}?{u.query.replace('GetCallerIdentity', 'GetCallerIdentitx')}"
    status, _, body = raw("GET", tampered, {"Host": u.netloc})
    check(status == 403 and "SignatureDoesNotMatch" in body, f"tampered: {status}")


@step("sigv4: a request signed 20 minutes ago is SignatureDoesNotMatch 'Signature expired' (403)")
def _():
    real = botocore.auth.get_current_datetime
    botocore.auth.get_current_datetime = lambda: real() - datetime.timedelta(minutes=20)
    try:
        return expect_error(lambda: client("sts", retries={"mode": "legacy", "max_attempts": 1}).get_caller_identity(), "SignatureDoesNotMatch", 403, "Signature expired")
    finally:
        botocore.auth.get_current_datetime = real


@step("sigv4: a request dated 20 minutes ahead is 'Signature not yet current' (403)")
def _():
    real = botocore.auth.get_current_datetime
    botocore.auth.get_current_datetime = lambda: real() + datetime.timedelta(minutes=20)
    try:
        return expect_error(lambda: client("iam", retries={"mode": "legacy", "max_attempts": 1}).list_roles(), "SignatureDoesNotMatch", 403, "Signature not yet current")
    finally:
        botocore.auth.get_current_datetime = real


# ---------------------------------------------------------------- outbound federation
@step("federation: GetWebIdentityToken while disabled is OutboundWebIdentityFederationDisabledException (403)")
def _():
    return expect_error(lambda: sts_admin.get_web_identity_token(Audience=[AUDIENCE], SigningAlgorithm="RS256"), "OutboundWebIdentityFederationDisabledException", 403)


@step("federation: GetOutboundWebIdentityFederationInfo while disabled is FeatureDisabled (404)")
def _():
    return expect_error(lambda: iam.get_outbound_web_identity_federation_info(), "FeatureDisabled", 404)


@step("federation: Enable returns the issuer; enabling twice is FeatureEnabled (409)")
def _():
    issuer = iam.enable_outbound_web_identity_federation()["IssuerIdentifier"]
    state["issuer"] = issuer
    info = iam.get_outbound_web_identity_federation_info()
    check(info["IssuerIdentifier"] == issuer and info["JwtVendingEnabled"] is True, info)
    return expect_error(lambda: iam.enable_outbound_web_identity_federation(), "FeatureEnabled", 409)


@step("federation: a workload role gets a token for the audience (claims as AWS lays them out)")
def _():
    iam.create_role(RoleName="workload", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]}))
    iam.put_role_policy(RoleName="workload", PolicyName="token", PolicyDocument=TOKEN)
    session = creds_of(sts_admin.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/workload", RoleSessionName="job"))
    tok = client("sts", session).get_web_identity_token(Audience=[AUDIENCE], SigningAlgorithm="ES384", DurationSeconds=300)
    check("Expiration" in tok, "Expiration")
    payload = tok["WebIdentityToken"].split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    check(claims["aud"] == AUDIENCE and claims["iss"] == state["issuer"], claims)
    check(claims["sub"] == f"arn:aws:iam::{ACCOUNT}:role/workload", claims["sub"])
    check(claims["https://sts.amazonaws.com/"]["aws_account"] == ACCOUNT, "aws_account")
    return expect_error(lambda: client("sts", session).get_web_identity_token(Audience=[AUDIENCE, "evil.example"], SigningAlgorithm="RS256"), "AccessDenied", 403)


@step("federation: Disable turns it off")
def _():
    iam.disable_outbound_web_identity_federation()
    return expect_error(lambda: iam.get_outbound_web_identity_federation_info(), "FeatureDisabled", 404)


# ---------------------------------------------------------------- Route 53
@step("route53: zone, DKIM/MAIL FROM/DMARC records, listing")
def _():
    z = r53.create_hosted_zone(Name=DOMAIN, CallerReference="boto-zone")["HostedZone"]["Id"]
    state["zone"] = z
    r = sesv2.create_email_identity(EmailIdentity=DOMAIN)
    tokens = r["DkimAttributes"]["Tokens"]
    check(len(tokens) == 3 and r["VerifiedForSendingStatus"] is False, r)
    changes = [{"Action": "CREATE", "ResourceRecordSet": {"Name": f"{t}._domainkey.{DOMAIN}", "Type": "CNAME", "TTL": 600, "ResourceRecords": [{"Value": f"{t}.dkim.amazonses.com"}]}} for t in tokens]
    changes.append({"Action": "CREATE", "ResourceRecordSet": {"Name": f"mail.{DOMAIN}", "Type": "MX", "TTL": 600, "ResourceRecords": [{"Value": f"10 feedback-smtp.{REGION}.amazonses.com"}]}})
    changes.append({"Action": "CREATE", "ResourceRecordSet": {"Name": f"mail.{DOMAIN}", "Type": "TXT", "TTL": 600, "ResourceRecords": [{"Value": '"v=spf1 include:amazonses.com ~all"'}]}})
    changes.append({"Action": "CREATE", "ResourceRecordSet": {"Name": f"_dmarc.{DOMAIN}", "Type": "TXT", "TTL": 600, "ResourceRecords": [{"Value": '"v=DMARC1; p=none;"'}]}})
    r53.change_resource_record_sets(HostedZoneId=z, ChangeBatch={"Changes": changes})
    names = [x["Name"] for x in r53.list_resource_record_sets(HostedZoneId=z)["ResourceRecordSets"]]
    check(f"_dmarc.{DOMAIN}." in names and len(names) == 8, names)


def bad_change(name, rtype, value):
    return lambda: r53.change_resource_record_sets(HostedZoneId=state["zone"], ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": {"Name": name, "Type": rtype, "TTL": 300, "ResourceRecords": [{"Value": value}]}}]})


@step("route53: CNAME beside other types, CNAME at apex, TXT string > 255 are InvalidChangeBatch")
def _():
    return [
        expect_error(bad_change(f"mail.{DOMAIN}", "CNAME", "x.example.test"), "InvalidChangeBatch", 400),
        expect_error(bad_change(DOMAIN, "CNAME", "x.example.test"), "InvalidChangeBatch", 400),
        expect_error(bad_change(f"long.{DOMAIN}", "TXT", '"' + "a" * 256 + '"'), "InvalidChangeBatch", 400),
    ]


@step("route53: a wildcard is listed as \\052")
def _():
    bad_change(f"*.{DOMAIN}", "A", "192.0.2.10")()
    names = [x["Name"] for x in r53.list_resource_record_sets(HostedZoneId=state["zone"])["ResourceRecordSets"]]
    check(f"\\052.{DOMAIN}." in names, names)


@step("route53: ListHostedZonesByName from a name onward, reversed-label order")
def _():
    for n in ["b.example.org", "a.example.com", "example.net"]:
        r53.create_hosted_zone(Name=n, CallerReference=f"boto-{n}")
    allz = [z["Name"] for z in r53.list_hosted_zones_by_name()["HostedZones"]]
    check(allz == ["a.example.com.", "example.net.", "b.example.org.", f"{DOMAIN}."], allz)
    fromz = r53.list_hosted_zones_by_name(DNSName="example.net", MaxItems="2")
    check([z["Name"] for z in fromz["HostedZones"]] == ["example.net.", "b.example.org."] and fromz["IsTruncated"] and fromz["NextDNSName"] == f"{DOMAIN}.", fromz)


# ---------------------------------------------------------------- SESv2
@step("sesv2: identity verified by its DKIM CNAMEs; MAIL FROM; configuration set")
def _():
    ident = sesv2.get_email_identity(EmailIdentity=DOMAIN)
    check(ident["VerifiedForSendingStatus"] is True and ident["DkimAttributes"]["Status"] == "SUCCESS", ident["DkimAttributes"])
    sesv2.put_email_identity_mail_from_attributes(EmailIdentity=DOMAIN, MailFromDomain=f"mail.{DOMAIN}", BehaviorOnMxFailure="USE_DEFAULT_VALUE")
    check(sesv2.get_email_identity(EmailIdentity=DOMAIN)["MailFromAttributes"]["MailFromDomainStatus"] == "SUCCESS", "mail from")
    sesv2.create_configuration_set(ConfigurationSetName="boto-events")
    check(sesv2.get_configuration_set(ConfigurationSetName="boto-events")["ConfigurationSetName"] == "boto-events", "cs")
    check(DOMAIN in [i["IdentityName"] for i in sesv2.list_email_identities()["EmailIdentities"]], "listed")


@step("sesv2: state is per region (eu-west-1 does not see the us-east-1 identity)")
def _():
    return expect_error(lambda: client("sesv2", region="eu-west-1").get_email_identity(EmailIdentity=DOMAIN), "NotFoundException", 404)


@step("sesv2: SendEmail as the assumed role; via a configuration set the policy lacks it is denied")
def _():
    control("/_sandbox/verify-email", {"address": "alice@corp.test"})
    ses_role = client("sesv2", state["sender"])
    msg = {"FromEmailAddress": f"noreply@{DOMAIN}", "Destination": {"ToAddresses": ["alice@corp.test"]}, "Content": {"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "b"}}}}}
    check(ses_role.send_email(**msg)["MessageId"], "message id")
    return expect_error(lambda: ses_role.send_email(ConfigurationSetName="boto-events", **msg), "AccessDeniedException", 403)


@step("authz: a permissions boundary without ses:SendEmail makes the send fail; removing it restores it")
def _():
    arn = iam.create_policy(PolicyName="boto-boundary", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:GetCallerIdentity", "Resource": "*"}]}))["Policy"]["Arn"]
    iam.put_role_permissions_boundary(RoleName="c1-ses-sender", PermissionsBoundary=arn)
    check(iam.get_role(RoleName="c1-ses-sender")["Role"]["PermissionsBoundary"]["PermissionsBoundaryArn"] == arn, "boundary shown")
    ses_role = client("sesv2", state["sender"])
    msg = {"FromEmailAddress": f"noreply@{DOMAIN}", "Destination": {"ToAddresses": ["alice@corp.test"]}, "Content": {"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "b"}}}}}
    out = expect_error(lambda: ses_role.send_email(**msg), "AccessDeniedException", 403, "permissions boundary")
    iam.delete_role_permissions_boundary(RoleName="c1-ses-sender")
    check(ses_role.send_email(**msg)["MessageId"], "sends again")
    return out


@step("authz: a session policy passed to AssumeRole caps the session")
def _():
    capped = creds_of(c1.assume_role(RoleArn=ROLE_ARN, RoleSessionName="c1", ExternalId=EXTERNAL_ID, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:GetCallerIdentity", "Resource": "*"}]})))
    msg = {"FromEmailAddress": f"noreply@{DOMAIN}", "Destination": {"ToAddresses": ["alice@corp.test"]}, "Content": {"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "b"}}}}}
    return expect_error(lambda: client("sesv2", capped).send_email(**msg), "AccessDeniedException", 403, "session policy")


# ---------------------------------------------------------------- wire and faults
@step("wire: no signature at all is MissingAuthenticationToken (403)")
def _():
    status, _, body = raw("POST", "/", {"Content-Type": "application/x-www-form-urlencoded"}, b"Action=GetCallerIdentity&Version=2011-06-15")
    check(status == 403 and "<Code>MissingAuthenticationToken</Code>" in body, f"{status} {body[:200]}")


@step("wire: a malformed % escape is a 4xx")
def _():
    status, _, body = raw("GET", "/?Action=%ZZ", {})
    check(400 <= status < 500, f"{status} {body[:200]}")


@step("wire: a body over the limit is refused (413) from its Content-Length, before it is sent")
def _():
    u = urllib.parse.urlsplit(ENDPOINT)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    try:
        conn.putrequest("POST", "/")
        conn.putheader("Content-Length", str(512 * 1024 * 1024))
        conn.putheader("Authorization", f"AWS4-HMAC-SHA256 Credential={CFG['admin']['accessKeyId']}/20240101/{REGION}/sts/aws4_request, SignedHeaders=host, Signature={'0' * 64}")
        conn.endheaders()
        r = conn.getresponse()
        check(r.status == 413, f"status {r.status}")
    finally:
        conn.close()


@step("faults: bad fault specs are 400 with a message")
def _():
    for bad in [{"service": "sts", "kind": "throttle", "count": 0}, {"service": "sts", "kind": "nope"}, {"service": "sts", "kind": "latency", "latencyMs": "slow"}]:
        status, _, body = raw("POST", "/_sandbox/faults", {"Content-Type": "application/json"}, json.dumps(bad).encode())
        check(status == 400 and json.loads(body)["error"], f"{bad}: {status} {body}")


@step("faults: an STS throttle is retried by botocore and the call succeeds")
def _():
    control("/_sandbox/faults", {"service": "sts", "operation": "GetCallerIdentity", "kind": "throttle", "count": 1})
    r = sts_admin.get_caller_identity()
    check(r["ResponseMetadata"].get("RetryAttempts", 0) >= 1, r["ResponseMetadata"])


@step("faults: the OIDC throttle answers 429 with Retry-After")
def _():
    iam.enable_outbound_web_identity_federation()
    issuer = iam.get_outbound_web_identity_federation_info()["IssuerIdentifier"]
    path = urllib.parse.urlsplit(issuer).path + "/.well-known/jwks.json"
    control("/_sandbox/faults", {"service": "oidc", "kind": "throttle", "count": 1})
    status, headers, _ = raw("GET", path)
    check(status == 429 and {k.lower(): v for k, v in headers.items()}.get("retry-after"), f"{status} {headers}")
    status, _, body = raw("GET", path)
    check(status == 200 and '"keys"' in body, f"after the fault: {status}")


# ---------------------------------------------------------------- edge behaviours (service models)
# Values outside the model's constraints need botocore's own validation off (it checks types,
# required members and minimums, not maximums, patterns or enums).
iam_nv = boto3.session.Session().client(
    "iam", endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id=CFG["admin"]["accessKeyId"],
    aws_secret_access_key=CFG["admin"]["secretAccessKey"], config=Config(parameter_validation=False, retries={"mode": "legacy", "max_attempts": 1}))
sts_nv = boto3.session.Session().client(
    "sts", endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id=CFG["admin"]["accessKeyId"],
    aws_secret_access_key=CFG["admin"]["secretAccessKey"], config=Config(parameter_validation=False, retries={"mode": "legacy", "max_attempts": 1}))
ALLOW_ALL_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]})


def signed_raw(service, body, region=REGION):
    """A form POST signed with the admin's key by botocore's SigV4 signer, sent as is."""
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    req = AWSRequest(method="POST", url=ENDPOINT + "/", data=body.encode(), headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    botocore.auth.SigV4Auth(Credentials(CFG["admin"]["accessKeyId"], CFG["admin"]["secretAccessKey"]), service, region).add_auth(req)
    u = urllib.parse.urlsplit(ENDPOINT)
    headers = dict(req.headers.items())
    headers["Host"] = u.netloc
    return raw("POST", "/", headers, body.encode())


def doc_of_size(n):
    """An identity policy of exactly n non-whitespace characters (IAM counts no whitespace)."""
    base = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*", "Sid": ""}]}
    pad = n - len(json.dumps(base, separators=(",", ":")))
    base["Statement"][0]["Sid"] = "S" * pad
    return json.dumps(base, separators=(",", ":"))


@step("iam: names, paths, descriptions and tags outside the model are ValidationError (400)")
def _():
    return [
        expect_error(lambda: iam_nv.create_role(RoleName="r" * 65, AssumeRolePolicyDocument=ALLOW_ALL_TRUST), "ValidationError", 400, "roleName"),
        expect_error(lambda: iam_nv.put_role_policy(RoleName="c1-ses-sender", PolicyName="bad name!", PolicyDocument=SEND), "ValidationError", 400, "policyName"),
        expect_error(lambda: iam_nv.put_role_policy(RoleName="c1-ses-sender", PolicyName="p" * 129, PolicyDocument=SEND), "ValidationError", 400, "policyName"),
        expect_error(lambda: iam_nv.create_policy(PolicyName="pathy", Path="/a b/", PolicyDocument=SEND), "ValidationError", 400, "path"),
        expect_error(lambda: iam_nv.create_role(RoleName="pathless", Path="no-slashes", AssumeRolePolicyDocument=ALLOW_ALL_TRUST), "ValidationError", 400, "path"),
        expect_error(lambda: iam_nv.create_role(RoleName="wordy", Description="d" * 1001, AssumeRolePolicyDocument=ALLOW_ALL_TRUST), "ValidationError", 400, "description"),
        expect_error(lambda: iam_nv.tag_role(RoleName="c1-ses-sender", Tags=[{"Key": "bad*key", "Value": "v"}]), "ValidationError", 400, "tags.member.key"),
        expect_error(lambda: iam_nv.tag_role(RoleName="c1-ses-sender", Tags=[{"Key": "k", "Value": "v" * 257}]), "ValidationError", 400, "tags.member.value"),
    ]


@step("iam: duplicate or aws: tag keys are InvalidInput (400); a 51st tag is LimitExceeded (409)")
def _():
    out = [
        expect_error(lambda: iam.tag_role(RoleName="c1-ses-sender", Tags=[{"Key": "Team", "Value": "a"}, {"Key": "team", "Value": "b"}]), "InvalidInput", 400, "Duplicate tag keys"),
        expect_error(lambda: iam.tag_role(RoleName="c1-ses-sender", Tags=[{"Key": "aws:owner", "Value": "a"}]), "InvalidInput", 400),
    ]
    iam.create_role(RoleName="tagged", AssumeRolePolicyDocument=ALLOW_ALL_TRUST, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    out.append(expect_error(lambda: iam.tag_role(RoleName="tagged", Tags=[{"Key": "one-more", "Value": "v"}]), "LimitExceeded", 409, "TagsPerRole"))
    iam.tag_role(RoleName="tagged", Tags=[{"Key": "k0", "Value": "replaced"}])
    check(len(iam.list_role_tags(RoleName="tagged")["Tags"]) == 50, "re-tagging an existing key is not a new tag")
    iam.delete_role(RoleName="tagged")
    return out


@step("iam: policy quotas are LimitExceeded (409): trust 2,048, inline 10,240 per role, managed 6,144, 10 attached")
def _():
    big_trust = json.loads(ALLOW_ALL_TRUST)
    big_trust["Statement"][0]["Sid"] = "T" * (2049 - len(json.dumps(json.loads(ALLOW_ALL_TRUST), separators=(",", ":"))) - len('"Sid":"",'))
    big_trust = json.dumps(big_trust, separators=(",", ":"))
    check(len(big_trust) == 2049, len(big_trust))
    out = [expect_error(lambda: iam.create_role(RoleName="big-trust", AssumeRolePolicyDocument=big_trust), "LimitExceeded", 409, "ACLSizePerRole")]
    # Whitespace does not count: the same 2,048-character trust, indented, is accepted.
    ok_trust = json.loads(big_trust)
    ok_trust["Statement"][0]["Sid"] = ok_trust["Statement"][0]["Sid"][1:]
    iam.create_role(RoleName="big-trust", AssumeRolePolicyDocument=json.dumps(ok_trust, indent=4))
    iam.delete_role(RoleName="big-trust")
    iam.create_role(RoleName="inline-quota", AssumeRolePolicyDocument=ALLOW_ALL_TRUST)
    iam.put_role_policy(RoleName="inline-quota", PolicyName="a", PolicyDocument=doc_of_size(6000))
    out.append(expect_error(lambda: iam.put_role_policy(RoleName="inline-quota", PolicyName="b", PolicyDocument=doc_of_size(4241)), "LimitExceeded", 409, "10240"))
    iam.put_role_policy(RoleName="inline-quota", PolicyName="b", PolicyDocument=doc_of_size(4240))
    iam.put_role_policy(RoleName="inline-quota", PolicyName="a", PolicyDocument=doc_of_size(6000))  # replacing itself is no growth
    out.append(expect_error(lambda: iam.create_policy(PolicyName="huge", PolicyDocument=doc_of_size(6145)), "LimitExceeded", 409, "PolicySize"))
    arns = [iam.create_policy(PolicyName=f"q{i}", PolicyDocument=SEND)["Policy"]["Arn"] for i in range(11)]
    for a in arns[:10]:
        iam.attach_role_policy(RoleName="inline-quota", PolicyArn=a)
    out.append(expect_error(lambda: iam.attach_role_policy(RoleName="inline-quota", PolicyArn=arns[10]), "LimitExceeded", 409, "PoliciesPerRole"))
    out.append(expect_error(lambda: iam.delete_role(RoleName="inline-quota"), "DeleteConflict", 409))
    for a in arns[:10]:
        iam.detach_role_policy(RoleName="inline-quota", PolicyArn=a)
    for n in ["a", "b"]:
        iam.delete_role_policy(RoleName="inline-quota", PolicyName=n)
    iam.delete_role(RoleName="inline-quota")
    for a in arns:
        iam.delete_policy(PolicyArn=a)
    return out


@step("iam: MalformedPolicyDocument (400), NoSuchEntity (404), EntityAlreadyExists (409, names case-insensitive)")
def _():
    return [
        expect_error(lambda: iam.put_role_policy(RoleName="c1-ses-sender", PolicyName="bad", PolicyDocument="{not json"), "MalformedPolicyDocument", 400),
        expect_error(lambda: iam.create_role(RoleName="no-principal", AssumeRolePolicyDocument=SEND), "MalformedPolicyDocument", 400),
        expect_error(lambda: iam.get_role(RoleName="nobody"), "NoSuchEntity", 404),
        expect_error(lambda: iam.get_role_policy(RoleName="c1-ses-sender", PolicyName="nothing"), "NoSuchEntity", 404),
        expect_error(lambda: iam.create_role(RoleName="C1-SES-SENDER", AssumeRolePolicyDocument=ALLOW_ALL_TRUST), "EntityAlreadyExists", 409),
    ]


@step("sts: DurationSeconds: below 900 / above 43200 / above the role's MaxSessionDuration / over 1 h chained are ValidationError")
def _():
    iam.create_role(RoleName="durations", AssumeRolePolicyDocument=ALLOW_ALL_TRUST, MaxSessionDuration=7200)
    arn = f"arn:aws:iam::{ACCOUNT}:role/durations"
    # The trust names only the account, so the chained session below also needs its identity policy to allow.
    iam.put_role_policy(RoleName="durations", PolicyName="may-assume", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": arn}]}))
    out = [
        expect_error(lambda: sts_nv.assume_role(RoleArn=arn, RoleSessionName="s1", DurationSeconds=899), "ValidationError", 400, "durationSeconds"),
        expect_error(lambda: sts_nv.assume_role(RoleArn=arn, RoleSessionName="s1", DurationSeconds=43201), "ValidationError", 400, "durationSeconds"),
        expect_error(lambda: sts_admin.assume_role(RoleArn=arn, RoleSessionName="s1", DurationSeconds=7201), "ValidationError", 400, "MaxSessionDuration"),
    ]
    r = sts_admin.assume_role(RoleArn=arn, RoleSessionName="s1", DurationSeconds=7200)
    left = (r["Credentials"]["Expiration"] - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
    check(7100 < left <= 7200, f"Expiration is DurationSeconds from now: {left}")
    chained = client("sts", creds_of(r))
    out.append(expect_error(lambda: chained.assume_role(RoleArn=arn, RoleSessionName="s2", DurationSeconds=3601), "ValidationError", 400, "role chaining"))
    check(chained.assume_role(RoleArn=arn, RoleSessionName="s2", DurationSeconds=3600)["AssumedRoleUser"]["Arn"].endswith("/durations/s2"), "chained 1 h")
    return out


@step("sts: RoleSessionName, ExternalId and SourceIdentity outside their patterns are ValidationError (400)")
def _():
    return [
        expect_error(lambda: sts_nv.assume_role(RoleArn=ROLE_ARN, RoleSessionName="a"), "ValidationError", 400, "roleSessionName"),
        expect_error(lambda: sts_nv.assume_role(RoleArn=ROLE_ARN, RoleSessionName="s" * 65), "ValidationError", 400, "roleSessionName"),
        expect_error(lambda: sts_nv.assume_role(RoleArn=ROLE_ARN, RoleSessionName="has space"), "ValidationError", 400, "roleSessionName"),
        expect_error(lambda: sts_nv.assume_role(RoleArn=ROLE_ARN, RoleSessionName="ok", ExternalId="x"), "ValidationError", 400, "externalId"),
        expect_error(lambda: sts_nv.assume_role(RoleArn=ROLE_ARN, RoleSessionName="ok", ExternalId="e" * 1225), "ValidationError", 400, "externalId"),
        expect_error(lambda: sts_nv.assume_role(RoleArn=ROLE_ARN, RoleSessionName="ok", ExternalId="has space"), "ValidationError", 400, "externalId"),
        expect_error(lambda: sts_nv.assume_role(RoleArn=ROLE_ARN, RoleSessionName="ok", SourceIdentity="aws:me"), "ValidationError", 400, "sourceIdentity"),
    ]


@step("sts: AssumeRole refused by the trust is AccessDenied 'User: <caller> is not authorized to perform: sts:AssumeRole on resource: <role>'")
def _():
    me = sts_admin.get_caller_identity()["Arn"]
    exact = f"User: {me} is not authorized to perform: sts:AssumeRole on resource: {ROLE_ARN}"
    for arn in [ROLE_ARN, f"arn:aws:iam::{ACCOUNT}:role/no-such-role"]:
        try:
            sts_admin.assume_role(RoleArn=arn, RoleSessionName="admin", ExternalId=EXTERNAL_ID)
            raise AssertionError(f"{arn}: the call succeeded")
        except ClientError as exc:
            err = exc.response["Error"]
            # The trust's refusal names no reason, and a missing role reads the same (nothing leaks).
            check(err["Code"] == "AccessDenied" and exc.response["ResponseMetadata"]["HTTPStatusCode"] == 403 and err["Message"] == exact.replace(ROLE_ARN, arn), err)
    try:
        client("iam", CFG["c1"]).list_roles()
        raise AssertionError("ListRoles as C1 succeeded")
    except ClientError as exc:
        c1_arn = c1.get_caller_identity()["Arn"]
        msg = exc.response["Error"]["Message"]
        check(msg.startswith(f"User: {c1_arn} is not authorized to perform: iam:ListRoles on resource: ") and msg.endswith("because no identity-based policy allows the iam:ListRoles action"), msg)
    return exact


@step("sts: an assumed-role session: Arn assumed-role/<role>/<session>, UserId <RoleId>:<session>, AssumedRoleUser matches")
def _():
    r = c1.assume_role(RoleArn=ROLE_ARN, RoleSessionName="shape-check", ExternalId=EXTERNAL_ID)
    role_id = iam.get_role(RoleName="c1-ses-sender")["Role"]["RoleId"]
    who = client("sts", creds_of(r)).get_caller_identity()
    check(who["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/c1-ses-sender/shape-check", who)
    check(who["UserId"] == f"{role_id}:shape-check" and role_id.startswith("AROA") and who["Account"] == ACCOUNT, who)
    check(r["AssumedRoleUser"] == {"AssumedRoleId": who["UserId"], "Arn": who["Arn"]}, r["AssumedRoleUser"])
    check("PackedPolicySize" not in r, "no PackedPolicySize without session policies or tags")
    check(r["Credentials"]["AccessKeyId"].startswith("ASIA"), r["Credentials"]["AccessKeyId"])


@step("sts: GetWebIdentityToken outside the model (11 audiences, a 1,001-char audience, an unknown algorithm, 59 / 3601 s) is ValidationError")
def _():
    return [
        expect_error(lambda: sts_nv.get_web_identity_token(Audience=[f"a{i}" for i in range(11)], SigningAlgorithm="RS256"), "ValidationError", 400, "audience"),
        expect_error(lambda: sts_nv.get_web_identity_token(Audience=["a" * 1001], SigningAlgorithm="RS256"), "ValidationError", 400, "audience"),
        expect_error(lambda: sts_nv.get_web_identity_token(Audience=[AUDIENCE], SigningAlgorithm="HS256"), "ValidationError", 400, "signingAlgorithm"),
        expect_error(lambda: sts_nv.get_web_identity_token(Audience=[AUDIENCE], SigningAlgorithm="RS256", DurationSeconds=59), "ValidationError", 400, "durationSeconds"),
        expect_error(lambda: sts_nv.get_web_identity_token(Audience=[AUDIENCE], SigningAlgorithm="RS256", DurationSeconds=3601), "ValidationError", 400, "durationSeconds"),
    ]


@step("query: no Action is MissingAction, an unknown Action or a wrong Version InvalidAction (400); one request id per response")
def _():
    out = []
    for service, body, code in [
        ("sts", "Version=2011-06-15", "MissingAction"),
        ("sts", "Action=GetSessionTokenz&Version=2011-06-15", "InvalidAction"),
        ("sts", "Action=GetCallerIdentity&Version=2010-05-08", "InvalidAction"),
        ("iam", "Action=GetCallerIdentity&Version=2010-05-08", "InvalidAction"),
        ("iam", "Action=ListRoles&Version=2011-06-15", "InvalidAction"),
    ]:
        status, headers, text = signed_raw(service, body)
        h = {k.lower(): v for k, v in headers.items()}
        check(status == 400 and f"<Code>{code}</Code>" in text, f"{service} {body}: {status} {text[:200]}")
        check(h.get("content-type", "").startswith("text/xml") and h.get("x-amzn-requestid") and f"<RequestId>{h['x-amzn-requestid']}</RequestId>" in text, f"{service} {body}: request id {h} {text[-120:]}")
        out.append(f"{service}:{code}")
    a = sts_admin.get_caller_identity()["ResponseMetadata"]
    b = sts_admin.get_caller_identity()["ResponseMetadata"]
    check(a["RequestId"] and a["RequestId"] == a["HTTPHeaders"]["x-amzn-requestid"] and a["RequestId"] != b["RequestId"], (a, b))
    return out


@step("sesv2: NotFoundException (404), AlreadyExistsException (400), BehaviorOnMxFailure enum and a MAIL FROM outside the domain are BadRequestException (400)")
def _():
    ses_nv = boto3.session.Session().client("sesv2", endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id=CFG["admin"]["accessKeyId"],
                                            aws_secret_access_key=CFG["admin"]["secretAccessKey"], config=Config(parameter_validation=False))
    out = [
        expect_error(lambda: sesv2.get_email_identity(EmailIdentity="nobody.example.test"), "NotFoundException", 404),
        expect_error(lambda: sesv2.delete_email_identity(EmailIdentity="nobody.example.test"), "NotFoundException", 404),
        expect_error(lambda: sesv2.get_configuration_set(ConfigurationSetName="nothing"), "NotFoundException", 404),
        expect_error(lambda: sesv2.create_email_identity(EmailIdentity=DOMAIN), "AlreadyExistsException", 400),
        expect_error(lambda: sesv2.create_configuration_set(ConfigurationSetName="boto-events"), "AlreadyExistsException", 400),
        expect_error(lambda: ses_nv.put_email_identity_mail_from_attributes(EmailIdentity=DOMAIN, MailFromDomain=f"mail.{DOMAIN}", BehaviorOnMxFailure="BOUNCE"), "BadRequestException", 400),
        expect_error(lambda: sesv2.put_email_identity_mail_from_attributes(EmailIdentity=DOMAIN, MailFromDomain="mail.elsewhere.test"), "BadRequestException", 400),
    ]
    check(sesv2.get_email_identity(EmailIdentity=DOMAIN)["MailFromAttributes"]["BehaviorOnMxFailure"] == "USE_DEFAULT_VALUE", "a refused call changes nothing")
    return out


@step("sesv2: SendEmail: 51 recipients and a non-address are BadRequestException, an unknown configuration set NotFoundException, a paused one SendingPausedException, an unverified sender MessageRejected")
def _():
    simple = {"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "b"}}}}
    frm = f"noreply@{DOMAIN}"
    sesv2.create_configuration_set(ConfigurationSetName="boto-paused", SendingOptions={"SendingEnabled": False})
    out = [
        expect_error(lambda: sesv2.send_email(FromEmailAddress=frm, Destination={"ToAddresses": [f"u{i}@{DOMAIN}" for i in range(51)]}, Content=simple), "BadRequestException", 400, "50"),
        expect_error(lambda: sesv2.send_email(FromEmailAddress=frm, Destination={"ToAddresses": ["not-an-address"]}, Content=simple), "BadRequestException", 400),
        expect_error(lambda: sesv2.send_email(FromEmailAddress=frm, Destination={"ToAddresses": [f"a@{DOMAIN}"]}, Content=simple, ConfigurationSetName="no-such-set"), "NotFoundException", 404),
        expect_error(lambda: sesv2.send_email(FromEmailAddress=frm, Destination={"ToAddresses": [f"a@{DOMAIN}"]}, Content=simple, ConfigurationSetName="boto-paused"), "SendingPausedException", 400),
        expect_error(lambda: sesv2.send_email(FromEmailAddress="someone@unverified.test", Destination={"ToAddresses": [f"a@{DOMAIN}"]}, Content=simple), "MessageRejected", 400, "not verified"),
        expect_error(lambda: sesv2.send_email(FromEmailAddress=frm, Destination={"ToAddresses": ["stranger@elsewhere.test"]}, Content=simple), "MessageRejected", 400, "stranger@elsewhere.test"),
    ]
    r = sesv2.send_email(FromEmailAddress=frm, Destination={"ToAddresses": [f"u{i}@{DOMAIN}" for i in range(50)]}, Content=simple)
    check(r["MessageId"] and r["ResponseMetadata"]["HTTPHeaders"].get("x-amzn-requestid"), r)
    return out


@step("sesv2: GetAccount and GetEmailIdentity shapes")
def _():
    acct = sesv2.get_account()
    check(acct["ProductionAccessEnabled"] is False and acct["SendingEnabled"] is True, acct)
    check(set(acct["SendQuota"]) >= {"Max24HourSend", "MaxSendRate", "SentLast24Hours"}, acct["SendQuota"])
    ident = sesv2.get_email_identity(EmailIdentity=DOMAIN)
    check(ident["IdentityType"] == "DOMAIN" and ident["VerificationStatus"] == "SUCCESS", ident)
    dkim = ident["DkimAttributes"]
    check(dkim["SigningAttributesOrigin"] == "AWS_SES" and len(dkim["Tokens"]) == 3 and dkim["SigningEnabled"] is True, dkim)
    check(ident["MailFromAttributes"]["MailFromDomain"] == f"mail.{DOMAIN}", ident["MailFromAttributes"])


@step("route53: NoSuchHostedZone (404), HostedZoneAlreadyExists (409), InvalidDomainName (400), NoSuchChange (404); GetChange finds a real change")
def _():
    out = [
        expect_error(lambda: r53.get_hosted_zone(Id="Z0000000000000NOZONE"), "NoSuchHostedZone", 404),
        expect_error(lambda: r53.delete_hosted_zone(Id="Z0000000000000NOZONE"), "NoSuchHostedZone", 404),
        expect_error(lambda: r53.create_hosted_zone(Name="again.example.test", CallerReference="boto-zone"), "HostedZoneAlreadyExists", 409),
        expect_error(lambda: r53.create_hosted_zone(Name="bad_-.label-.example", CallerReference="boto-bad-name"), "InvalidDomainName", 400),
        expect_error(lambda: r53.create_hosted_zone(Name="com", CallerReference="boto-tld"), "InvalidDomainName", 400),
        expect_error(lambda: r53.get_change(Id="C0000000000000NOCHANGE"), "NoSuchChange", 404),
        expect_error(lambda: r53.delete_hosted_zone(Id=state["zone"]), "HostedZoneNotEmpty", 400),
    ]
    ci = r53.change_resource_record_sets(HostedZoneId=state["zone"], ChangeBatch={"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {"Name": f"www.{DOMAIN}", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}}]})["ChangeInfo"]
    got = r53.get_change(Id=ci["Id"])["ChangeInfo"]
    check(got["Id"] == ci["Id"] and got["Status"] == "INSYNC" and got["SubmittedAt"] == ci["SubmittedAt"], (ci, got))
    r53.get_waiter("resource_record_sets_changed").wait(Id=ci["Id"], WaiterConfig={"Delay": 1, "MaxAttempts": 2})
    return out


@step("route53: bad A/AAAA/MX values, two CNAME values, a duplicate value, CREATE of an existing set, an inexact DELETE, one set twice in a batch are InvalidChangeBatch; DELETE+CREATE and UPSERT replace")
def _():
    z = state["zone"]

    def batch(*changes):
        return lambda: r53.change_resource_record_sets(HostedZoneId=z, ChangeBatch={"Changes": list(changes)})

    def rr(action, name, rtype, *values, ttl=300):
        return {"Action": action, "ResourceRecordSet": {"Name": name, "Type": rtype, "TTL": ttl, "ResourceRecords": [{"Value": v} for v in values]}}

    www = f"www.{DOMAIN}"
    out = [
        expect_error(batch(rr("CREATE", f"v4.{DOMAIN}", "A", "300.1.2.3")), "InvalidChangeBatch", 400, "IPv4"),
        expect_error(batch(rr("CREATE", f"v6.{DOMAIN}", "AAAA", "2001:db8::g")), "InvalidChangeBatch", 400, "IPv6"),
        expect_error(batch(rr("CREATE", f"mx.{DOMAIN}", "MX", "feedback-smtp.example.test")), "InvalidChangeBatch", 400),
        expect_error(batch(rr("CREATE", f"c.{DOMAIN}", "CNAME", "a.example.test", "b.example.test")), "InvalidChangeBatch", 400),
        expect_error(batch(rr("CREATE", f"d.{DOMAIN}", "A", "192.0.2.1", "192.0.2.1")), "InvalidChangeBatch", 400, "Duplicate"),
        expect_error(batch(rr("CREATE", www, "A", "192.0.2.1", ttl=60)), "InvalidChangeBatch", 400, "already exists"),
        expect_error(batch(rr("DELETE", www, "A", "192.0.2.1", ttl=300)), "InvalidChangeBatch", 400, "do not match"),
        expect_error(batch(rr("DELETE", f"gone.{DOMAIN}", "A", "192.0.2.1")), "InvalidChangeBatch", 400, "not found"),
        expect_error(batch(rr("UPSERT", f"t.{DOMAIN}", "A", "192.0.2.1"), rr("UPSERT", f"t.{DOMAIN}", "A", "192.0.2.2")), "InvalidChangeBatch", 400),
    ]
    batch(rr("DELETE", www, "A", "192.0.2.1", ttl=60), rr("CREATE", www, "A", "192.0.2.2", ttl=60))()
    batch(rr("UPSERT", www, "AAAA", "2001:db8::1", "::ffff:192.0.2.9"))()
    batch(rr("UPSERT", www, "A", "192.0.2.3", ttl=120))()
    got = {(x["Type"], x["TTL"], tuple(v["Value"] for v in x["ResourceRecords"])) for x in r53.list_resource_record_sets(HostedZoneId=z, StartRecordName=www)["ResourceRecordSets"] if x["Name"] == f"{www}."}
    check(got == {("A", 120, ("192.0.2.3",)), ("AAAA", 300, ("2001:db8::1", "::ffff:192.0.2.9"))}, got)
    return out

@step("iam/sesv2/route53: a non-policy ARN is InvalidInput, DeleteRole names what to remove; bad identities/TlsPolicy are BadRequestException; the zone's NS/SOA cannot be deleted")
def _():
    ses_nv = boto3.session.Session().client("sesv2", endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id=CFG["admin"]["accessKeyId"],
                                            aws_secret_access_key=CFG["admin"]["secretAccessKey"], config=Config(parameter_validation=False))
    iam.create_role(RoleName="conflicts", AssumeRolePolicyDocument=ALLOW_ALL_TRUST)
    iam.put_role_policy(RoleName="conflicts", PolicyName="inline", PolicyDocument=SEND)
    out = [
        expect_error(lambda: iam.attach_role_policy(RoleName="conflicts", PolicyArn=ROLE_ARN), "InvalidInput", 400, "is not valid"),
        expect_error(lambda: iam.delete_role(RoleName="conflicts"), "DeleteConflict", 409, "must delete policies first"),
        expect_error(lambda: sesv2.create_email_identity(EmailIdentity="not a domain"), "BadRequestException", 400),
        expect_error(lambda: ses_nv.create_configuration_set(ConfigurationSetName="tls", DeliveryOptions={"TlsPolicy": "SOMETIMES"}), "BadRequestException", 400),
    ]
    iam.delete_role_policy(RoleName="conflicts", PolicyName="inline")
    iam.delete_role(RoleName="conflicts")
    apex = [x for x in r53.list_resource_record_sets(HostedZoneId=state["zone"])["ResourceRecordSets"] if x["Name"] == f"{DOMAIN}."]
    for rtype in ["NS", "SOA"]:
        rrs = next(x for x in apex if x["Type"] == rtype)
        out.append(expect_error(lambda: r53.change_resource_record_sets(HostedZoneId=state["zone"], ChangeBatch={"Changes": [{"Action": "DELETE", "ResourceRecordSet": rrs}]}), "InvalidChangeBatch", 400, f"{rtype} record"))
    return out

@step("sts: GetWebIdentityToken Tags (51, a bad key) and AssumeRole TokenCode/SerialNumber outside the model are ValidationError (400)")
def _():
    return [
        expect_error(lambda: sts_nv.get_web_identity_token(Audience=[AUDIENCE], SigningAlgorithm="RS256", Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)]), "ValidationError", 400, "'tags'"),
        expect_error(lambda: sts_nv.get_web_identity_token(Audience=[AUDIENCE], SigningAlgorithm="RS256", Tags=[{"Key": "bad*key", "Value": "v"}]), "ValidationError", 400, "tags.member.key"),
        expect_error(lambda: sts_nv.assume_role(RoleArn=ROLE_ARN, RoleSessionName="ok", SerialNumber=f"arn:aws:iam::{ACCOUNT}:mfa/me", TokenCode="12ab56"), "ValidationError", 400, "tokenCode"),
        expect_error(lambda: sts_nv.assume_role(RoleArn=ROLE_ARN, RoleSessionName="ok", SerialNumber="short", TokenCode="123456"), "ValidationError", 400, "serialNumber"),
    ]

@step("route53/sesv2: a label over 63 is InvalidChangeBatch, a type without a name InvalidInput; REJECT_MESSAGE without the MAIL FROM MX is MailFromDomainNotVerifiedException (400)")
def _():
    simple = {"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "b"}}}}
    out = [
        expect_error(bad_change(f"{'l' * 64}.{DOMAIN}", "A", "192.0.2.1"), "InvalidChangeBatch", 400, "DomainLabelTooLong"),
        expect_error(lambda: r53.list_resource_record_sets(HostedZoneId=state["zone"], StartRecordType="A"), "InvalidInput", 400),
    ]
    sesv2.put_email_identity_mail_from_attributes(EmailIdentity=DOMAIN, MailFromDomain=f"bounce.{DOMAIN}", BehaviorOnMxFailure="REJECT_MESSAGE")
    try:
        out.append(expect_error(lambda: sesv2.send_email(FromEmailAddress=f"noreply@{DOMAIN}", Destination={"ToAddresses": [f"a@{DOMAIN}"]}, Content=simple), "MailFromDomainNotVerifiedException", 400))
    finally:
        sesv2.put_email_identity_mail_from_attributes(EmailIdentity=DOMAIN, MailFromDomain=f"mail.{DOMAIN}", BehaviorOnMxFailure="REJECT_MESSAGE")
    check(sesv2.send_email(FromEmailAddress=f"noreply@{DOMAIN}", Destination={"ToAddresses": [f"a@{DOMAIN}"]}, Content=simple)["MessageId"], "sends once the MX is there")
    return out

print(json.dumps({"botocore": botocore.__version__, "steps": steps}))
