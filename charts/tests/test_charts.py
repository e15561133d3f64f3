#!/usr/bin/env python3
"""Offline checks of the Kubernetes packaging (charts/ and docker/).

Run by scripts/charts.sh inside its virtualenv (helm-python-sdk, kubernetes-validate, pyyaml,
and hadolint when it installs). No cluster, no helm binary, no Docker engine:

1. lints both charts with Helm's own library (strict, Kubernetes 1.32);
2. renders the umbrella chart with the default values, values-small.yaml, values-large.yaml
   and a few variants (a service disabled, whole URLs from Secrets) into a temporary folder;
3. validates every rendered object against the Kubernetes 1.32 schemas (strict: unknown
   fields are errors); the ServiceMonitor, a CRD, is checked by shape only;
4. asserts the properties the platform relies on: probes, requests and limits, hardened
   security contexts, one Deployment/Service/PDB/NetworkPolicy/migration Job per enabled
   service, a default-deny policy and the allows, the migration Job as a pre-install and
   pre-upgrade hook, secrets only by reference, consumers not scaled past the partitions;
5. checks docker/: hadolint, the Dockerfile's stages, compose.yaml, the dependency skeleton.

Prints one line per failure and a last line "N passed, M failed"; exits 1 on any failure.
Set CHARTS_KEEP_RENDERED=1 to keep (and print) the folder of rendered manifests.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import helm_python as helm
import kubernetes_validate
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHARTS = ROOT / "charts"
KUBE = "1.32.0"
RELEASE = "desk"
NAMESPACE = "estate-desk"
SERVICES = ["gateway", "reception", "complaints", "repairs", "billing", "documents"]
KAFKA_SERVICES = [s for s in SERVICES if s != "gateway"]
SECRET_ENV = re.compile(r"(PASSWORD|SIGNING_KEY|DATABASE__URL|SECRET|TOKEN)$")


class Checks:
    def __init__(self) -> None:
        self.passed = 0
        self.failed: list[str] = []

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        if ok:
            self.passed += 1
        else:
            self.failed.append(name + (f": {detail}" if detail else ""))
            print(f"FAIL {name}" + (f": {detail}" if detail else ""), flush=True)
        return ok


C = Checks()


# ---------------------------------------------------------------------------------------------
# Rendering


def prepare_charts(work: Path) -> Path:
    """Copy both charts into `work` and vendor the subchart (file:// dependencies)."""
    shutil.copytree(CHARTS / "service", work / "service")
    shutil.copytree(CHARTS / "estate-desk", work / "estate-desk",
                    ignore=shutil.ignore_patterns("charts", "Chart.lock"))
    helm.dependency_update(str(work / "estate-desk"), skip_refresh=True)
    return work / "estate-desk"


def load_values(path: Path) -> dict:
    return helm.values_from_yaml(path.read_text())


def deep_merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def render_fresh(chart_dir: Path, values: dict) -> dict[str, str]:
    """Render from a freshly loaded chart: Helm drops disabled subcharts from the loaded chart
    object while rendering, so a chart object must not be reused across values."""
    with helm.Chart.load(str(chart_dir)) as chart:
        return chart.render(values, name=RELEASE, namespace=NAMESPACE, is_install=True)


def render(chart_dir: Path, values: dict, outdir: Path, scenario: str) -> list[dict]:
    rendered = render_fresh(chart_dir, values)
    docs: list[dict] = []
    with open(outdir / f"{scenario}.yaml", "w") as out:
        for source in sorted(rendered):
            if source.endswith("NOTES.txt"):
                continue
            text = rendered[source]
            for doc in yaml.safe_load_all(text):
                if not doc:
                    continue
                doc.setdefault("_source", source)
                docs.append(doc)
            if text.strip():
                out.write(f"---\n# Source: {source}\n{text.strip()}\n")
    return docs


def strip(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "_source"}


# ---------------------------------------------------------------------------------------------
# Helpers over rendered objects


def objects(docs, kind=None, name=None):
    return [d for d in docs
            if (kind is None or d.get("kind") == kind)
            and (name is None or d.get("metadata", {}).get("name") == name)]


def one(docs, kind, name):
    found = objects(docs, kind, name)
    return found[0] if len(found) == 1 else None


def component_of(doc) -> str | None:
    return doc.get("metadata", {}).get("labels", {}).get("app.kubernetes.io/name")


def pod_spec(doc) -> dict | None:
    if doc.get("kind") in ("Deployment", "Job", "StatefulSet", "DaemonSet", "ReplicaSet"):
        return doc["spec"]["template"]["spec"]
    if doc.get("kind") == "CronJob":
        return doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    if doc.get("kind") == "Pod":
        return doc["spec"]
    return None


def ports_of(rule) -> set:
    return {(p.get("port"), p.get("protocol", "TCP")) for p in rule.get("ports") or []}


def labels_match(selector: dict, labels: dict) -> bool:
    for k, v in (selector.get("matchLabels") or {}).items():
        if labels.get(k) != v:
            return False
    for expr in selector.get("matchExpressions") or []:
        val = labels.get(expr["key"])
        if expr["operator"] == "In" and val not in expr["values"]:
            return False
        if expr["operator"] == "NotIn" and val in expr["values"]:
            return False
        if expr["operator"] == "Exists" and val is None:
            return False
    return True


# ---------------------------------------------------------------------------------------------
# Checks on one rendered scenario


def check_schema(scn: str, docs: list[dict]) -> None:
    for doc in docs:
        kind, name = doc.get("kind"), doc.get("metadata", {}).get("name")
        label = f"{scn}: {kind} {name} is valid against Kubernetes {KUBE} (strict)"
        try:
            kubernetes_validate.validate(strip(doc), KUBE, strict=True)
            C.check(label, True)
        except kubernetes_validate.SchemaNotFoundError:
            if doc.get("apiVersion") == "monitoring.coreos.com/v1" and kind == "ServiceMonitor":
                eps = doc.get("spec", {}).get("endpoints") or []
                C.check(f"{scn}: ServiceMonitor {name} (CRD, shape only) scrapes port http /metrics",
                        bool(eps) and all(e.get("port") == "http" and e.get("path") == "/metrics"
                                          for e in eps)
                        and bool(doc["spec"].get("selector", {}).get("matchLabels")))
            else:
                C.check(label, False, "no schema for this kind")
        except kubernetes_validate.ValidationError as e:
            C.check(label, False, str(e).splitlines()[0][:300])
        except Exception as e:  # noqa: BLE001 - any validator failure is a failed check
            C.check(label, False, f"{type(e).__name__}: {e}"[:300])


def check_workload_containers(scn: str, docs: list[dict]) -> None:
    workloads = [d for d in docs if pod_spec(d) is not None]
    C.check(f"{scn}: there are workloads to check", bool(workloads))
    for doc in workloads:
        kind, name = doc["kind"], doc["metadata"]["name"]
        spec = pod_spec(doc)
        psc = spec.get("securityContext") or {}
        where = f"{scn}: {kind} {name}"
        C.check(f"{where}: no service-account token is mounted",
                spec.get("automountServiceAccountToken") is False)
        C.check(f"{where}: pod seccomp profile RuntimeDefault",
                (psc.get("seccompProfile") or {}).get("type") == "RuntimeDefault")
        C.check(f"{where}: no host namespaces",
                not any(spec.get(k) for k in ("hostNetwork", "hostPID", "hostIPC")))
        containers = (spec.get("initContainers") or []) + spec.get("containers", [])
        C.check(f"{where}: has containers", bool(containers))
        for ctr in containers:
            cw = f"{where} container {ctr.get('name')}"
            sc = ctr.get("securityContext") or {}
            res = ctr.get("resources") or {}
            req, lim = res.get("requests") or {}, res.get("limits") or {}
            C.check(f"{cw}: cpu and memory requests", "cpu" in req and "memory" in req, str(res))
            C.check(f"{cw}: cpu and memory limits", "cpu" in lim and "memory" in lim, str(res))
            C.check(f"{cw}: runAsNonRoot true",
                    sc.get("runAsNonRoot", psc.get("runAsNonRoot")) is True)
            C.check(f"{cw}: runs as a non-zero uid",
                    (sc.get("runAsUser", psc.get("runAsUser")) or 0) > 0)
            C.check(f"{cw}: readOnlyRootFilesystem true", sc.get("readOnlyRootFilesystem") is True)
            C.check(f"{cw}: allowPrivilegeEscalation false",
                    sc.get("allowPrivilegeEscalation") is False)
            C.check(f"{cw}: not privileged", sc.get("privileged") in (None, False))
            C.check(f"{cw}: capabilities drop ALL",
                    "ALL" in ((sc.get("capabilities") or {}).get("drop") or []))
            C.check(f"{cw}: no added capabilities",
                    not (sc.get("capabilities") or {}).get("add"))
            C.check(f"{cw}: image is pinned to a tag or digest",
                    bool(re.search(r"(:[\w][\w.-]*|@sha256:[0-9a-f]{64})$", ctr.get("image", "")))
                    and not ctr.get("image", "").endswith(":latest"))
            for env in ctr.get("env") or []:
                if SECRET_ENV.search(env["name"]):
                    C.check(f"{cw}: {env['name']} comes from a Secret reference",
                            "value" not in env
                            and "secretKeyRef" in (env.get("valueFrom") or {}), str(env))
            if kind != "Job":
                lp, rp = ctr.get("livenessProbe") or {}, ctr.get("readinessProbe") or {}
                C.check(f"{cw}: liveness probe GET /healthz",
                        (lp.get("httpGet") or {}).get("path") == "/healthz", str(lp))
                C.check(f"{cw}: readiness probe GET /readyz",
                        (rp.get("httpGet") or {}).get("path") == "/readyz", str(rp))
            if kind == "Deployment" and component_of(doc) != "gateway":
                ids = [e for e in ctr.get("env") or []
                       if e["name"].endswith("__KAFKA__INSTANCE_ID")]
                C.check(f"{cw}: consumer instance id is the pod's name (static membership)",
                        len(ids) == 1 and ((ids[0].get("valueFrom") or {}).get("fieldRef") or {})
                        .get("fieldPath") == "metadata.name", str(ids))
        if kind == "Deployment":
            C.check(f"{where}: terminationGracePeriodSeconds covers the 20 s drain",
                    (spec.get("terminationGracePeriodSeconds") or 0) >= 25,
                    str(spec.get("terminationGracePeriodSeconds")))


def check_services(scn: str, docs: list[dict], values: dict, enabled: list[str]) -> None:
    g = values.get("global", {})
    partitions = int(g.get("kafka", {}).get("partitions", 3))
    for svc in SERVICES:
        full = f"{RELEASE}-{svc}"
        mine = [d for d in docs if component_of(d) == svc]
        if svc not in enabled:
            C.check(f"{scn}: disabled {svc} renders no objects", not mine,
                    ", ".join(f"{d['kind']} {d['metadata']['name']}" for d in mine))
            continue
        dep = one(docs, "Deployment", full)
        svc_obj = one(docs, "Service", full)
        pdb = one(docs, "PodDisruptionBudget", full)
        np_ = one(docs, "NetworkPolicy", full)
        cm = one(docs, "ConfigMap", f"{full}-config")
        job = one(docs, "Job", f"{full}-migrate")
        for kind, obj in [("Deployment", dep), ("Service", svc_obj),
                          ("PodDisruptionBudget", pdb), ("NetworkPolicy", np_),
                          ("ConfigMap", cm), ("migration Job", job)]:
            C.check(f"{scn}: {svc} has a {kind}", obj is not None)
        if not dep:
            continue
        pod_labels = dep["spec"]["template"]["metadata"]["labels"]
        ctr = dep["spec"]["template"]["spec"]["containers"][0]
        if svc_obj:
            C.check(f"{scn}: Service {full} selects the Deployment's pods",
                    labels_match({"matchLabels": svc_obj["spec"]["selector"]}, pod_labels))
            C.check(f"{scn}: Service {full} targets the http port",
                    svc_obj["spec"]["ports"][0]["targetPort"] == "http")
        if pdb:
            C.check(f"{scn}: PDB {full} selects the Deployment's pods",
                    labels_match(pdb["spec"]["selector"], pod_labels))
        if np_:
            C.check(f"{scn}: NetworkPolicy {full} selects the Deployment's pods",
                    labels_match(np_["spec"]["podSelector"], pod_labels))
        # Migration Job: a hook before install and upgrade, same image, `migrate`.
        if job:
            ann = job["metadata"].get("annotations") or {}
            hooks = set((ann.get("helm.sh/hook") or "").split(","))
            C.check(f"{scn}: Job {full}-migrate is a pre-install,pre-upgrade hook",
                    {"pre-install", "pre-upgrade"} <= hooks, str(ann))
            C.check(f"{scn}: Job {full}-migrate has a hook weight",
                    re.fullmatch(r"-?\d+", str(ann.get("helm.sh/hook-weight", ""))) is not None)
            C.check(f"{scn}: Job {full}-migrate has a hook delete policy",
                    "before-hook-creation" in (ann.get("helm.sh/hook-delete-policy") or ""))
            jc = job["spec"]["template"]["spec"]["containers"][0]
            C.check(f"{scn}: Job {full}-migrate runs `migrate` from the service's image",
                    jc.get("args") == ["migrate"] and jc.get("image") == ctr.get("image"))
            C.check(f"{scn}: Job {full}-migrate never restarts in place",
                    job["spec"]["template"]["spec"].get("restartPolicy") == "Never")
            jcm = job["spec"]["template"]["spec"]["volumes"][0].get("configMap", {}).get("name")
            hook_cm = one(docs, "ConfigMap", jcm) if jcm else None
            C.check(f"{scn}: Job {full}-migrate's ConfigMap exists before it (hook, lower weight)",
                    hook_cm is not None and "pre-install" in hook_cm["metadata"].get(
                        "annotations", {}).get("helm.sh/hook", "")
                    and int(hook_cm["metadata"]["annotations"].get("helm.sh/hook-weight", 0))
                    < int(ann.get("helm.sh/hook-weight", 0)))
        # Config file: TOML, no secret, the values' Kafka and PostgreSQL settings.
        if cm:
            text = cm["data"].get(f"{svc}.toml", "")
            try:
                conf = tomllib.loads(text)
                C.check(f"{scn}: {svc}.toml parses", True)
            except tomllib.TOMLDecodeError as e:
                C.check(f"{scn}: {svc}.toml parses", False, str(e))
                conf = {}
            url = conf.get("database", {}).get("url", "")
            C.check(f"{scn}: {svc}.toml database URL carries no password",
                    url.startswith("postgres://") and not re.search(r"://[^/@]*:[^/@]*@", url), url)
            pg = g.get("postgresql", {})
            C.check(f"{scn}: {svc}.toml uses the PostgreSQL host, port and database from values",
                    f"@{pg.get('host')}:{int(pg.get('port', 5432))}/{pg.get('database')}" in url,
                    url)
            env_names = {e["name"] for e in ctr.get("env") or []}
            C.check(f"{scn}: {svc} reads its config file",
                    f"{svc.upper()}_CONFIG" in env_names
                    and any(m["mountPath"] == "/etc/estate-desk" for m in ctr["volumeMounts"]))
            bind = next((e.get("value") for e in ctr.get("env") or []
                         if e["name"] == f"{svc.upper()}__HTTP__BIND"), "")
            C.check(f"{scn}: {svc} binds 0.0.0.0 on its container port",
                    bind == f"0.0.0.0:{ctr['ports'][0]['containerPort']}", bind)
            if svc in KAFKA_SERVICES:
                k = conf.get("kafka", {})
                C.check(f"{scn}: {svc}.toml Kafka settings come from values",
                        k.get("brokers") == g["kafka"]["brokers"]
                        and k.get("partitions") == partitions
                        and isinstance(k.get("partitions"), int)
                        and k.get("create_topics") == bool(g["kafka"].get("createTopics")),
                        str(k))
                C.check(f"{scn}: {svc} gets the gateway's public key",
                        f"{svc.upper()}__AUTH__PUBLIC_KEY" in env_names
                        or bool(conf.get("auth", {}).get("public_key")))
            else:
                ups = conf.get("upstreams", {})
                for other in KAFKA_SERVICES:
                    C.check(f"{scn}: gateway routes {other} to its Service",
                            ups.get(other) == f"http://{RELEASE}-{other}:8080", str(ups.get(other)))
                C.check(f"{scn}: gateway gets its signing key from a Secret",
                        "GATEWAY__AUTH__SIGNING_KEY" in env_names)
        # Scaling: HPA owns replicas; consumers never outnumber partitions.
        hpa = one(docs, "HorizontalPodAutoscaler", full)
        if hpa:
            C.check(f"{scn}: HPA {full} targets its Deployment",
                    hpa["spec"]["scaleTargetRef"]["name"] == full)
            C.check(f"{scn}: Deployment {full} leaves replicas to the HPA",
                    "replicas" not in dep["spec"])
            if svc in KAFKA_SERVICES:
                C.check(f"{scn}: {svc} maxReplicas <= {partitions} partitions",
                        hpa["spec"]["maxReplicas"] <= partitions, str(hpa["spec"]["maxReplicas"]))
        elif svc in KAFKA_SERVICES:
            C.check(f"{scn}: {svc} replicas <= {partitions} partitions",
                    dep["spec"].get("replicas", 1) <= partitions)


def check_network_policies(scn: str, docs: list[dict], values: dict, enabled: list[str]) -> None:
    g = values.get("global", {})
    deny = one(docs, "NetworkPolicy", f"{RELEASE}-default-deny")
    C.check(f"{scn}: a default-deny NetworkPolicy exists", deny is not None)
    if deny:
        spec = deny["spec"]
        C.check(f"{scn}: default-deny denies ingress and egress",
                set(spec.get("policyTypes", [])) == {"Ingress", "Egress"}
                and not spec.get("ingress") and not spec.get("egress"))
        for d in docs:
            if d.get("kind") in ("Deployment", "Job"):
                C.check(f"{scn}: default-deny covers {d['kind']} {d['metadata']['name']}",
                        labels_match(spec["podSelector"], d["spec"]["template"]["metadata"]["labels"]))
    pg_port = int(g.get("postgresql", {}).get("port", 5432))
    kafka_ports = {int(p) for p in g.get("kafka", {}).get("ports", [9092])}
    for svc in enabled:
        pol = one(docs, "NetworkPolicy", f"{RELEASE}-{svc}")
        if not pol:
            continue  # reported by check_services
        spec = pol["spec"]
        egress, ingress = spec.get("egress") or [], spec.get("ingress") or []
        C.check(f"{scn}: {svc} policy covers ingress and egress",
                set(spec.get("policyTypes", [])) == {"Ingress", "Egress"})
        C.check(f"{scn}: {svc} may resolve DNS",
                any({(53, "UDP"), (53, "TCP")} <= ports_of(r) for r in egress))
        pg_rules = [r for r in egress if (pg_port, "TCP") in ports_of(r)]
        C.check(f"{scn}: {svc} may reach PostgreSQL on {pg_port}", bool(pg_rules))
        for cidr in g.get("postgresql", {}).get("cidrs", []):
            C.check(f"{scn}: {svc} PostgreSQL egress limited to {cidr}",
                    any({"ipBlock": {"cidr": cidr}} in (r.get("to") or []) for r in pg_rules))
        k_rules = [r for r in egress if {(p, "TCP") for p in kafka_ports} <= ports_of(r)]
        if svc in KAFKA_SERVICES:
            C.check(f"{scn}: {svc} may reach Kafka on {sorted(kafka_ports)}", bool(k_rules))
            for cidr in g.get("kafka", {}).get("cidrs", []):
                C.check(f"{scn}: {svc} Kafka egress limited to {cidr}",
                        any({"ipBlock": {"cidr": cidr}} in (r.get("to") or []) for r in k_rules))
        else:
            C.check(f"{scn}: gateway has no Kafka egress", not k_rules or pg_port in kafka_ports)
        if svc == "gateway":
            C.check(f"{scn}: ingress to the gateway's http port is allowed",
                    any(("http", "TCP") in ports_of(r) for r in ingress))
            for other in [s for s in KAFKA_SERVICES if s in enabled]:
                other_dep = one(docs, "Deployment", f"{RELEASE}-{other}")
                labels = other_dep["spec"]["template"]["metadata"]["labels"] if other_dep else {}
                C.check(f"{scn}: gateway may call {other}",
                        any(labels_match(peer.get("podSelector", {}), labels)
                            and "podSelector" in peer and (8080, "TCP") in ports_of(r)
                            for r in egress for peer in (r.get("to") or [])))
        else:
            gw = one(docs, "Deployment", f"{RELEASE}-gateway")
            if gw:
                gl = gw["spec"]["template"]["metadata"]["labels"]
                C.check(f"{scn}: {svc} accepts the gateway",
                        any(("http", "TCP") in ports_of(r)
                            and (not r.get("from") or any(
                                "podSelector" in p and "namespaceSelector" not in p
                                and labels_match(p["podSelector"], gl) for p in r["from"]))
                            for r in ingress))
            C.check(f"{scn}: {svc} is not open to anyone",
                    all(r.get("from") for r in ingress))


def check_no_secrets(scn: str, docs: list[dict]) -> None:
    C.check(f"{scn}: the chart renders no Secret (secrets are referenced, never carried)",
            not objects(docs, "Secret"),
            ", ".join(d["metadata"]["name"] for d in objects(docs, "Secret")))
    for cm in objects(docs, "ConfigMap"):
        blob = yaml.safe_dump(cm.get("data") or {})
        C.check(f"{scn}: ConfigMap {cm['metadata']['name']} holds no credentials",
                not re.search(r"(password|signing_key|secret)\s*=|://[^/@\s\"]*:[^/@\s\"]*@", blob))


def check_scenario(scn: str, docs: list[dict], values: dict, enabled: list[str]) -> None:
    check_schema(scn, docs)
    check_workload_containers(scn, docs)
    check_services(scn, docs, values, enabled)
    check_network_policies(scn, docs, values, enabled)
    check_no_secrets(scn, docs)


# ---------------------------------------------------------------------------------------------
# Lint


def check_lint(path: Path, label: str, values: dict | None = None) -> None:
    try:
        report = helm.lint(str(path), values, strict=True, kube_version=f"v{KUBE}",
                           with_subcharts=True)
    except helm.HelmError as e:
        C.check(f"lint {label}", False, str(e))
        return
    bad = [m for m in report.get("messages", []) if m.get("severity", 0) >= 2]
    C.check(f"lint {label}", not report.get("errors") and not bad,
            "; ".join([*report.get("errors", []), *(f"{m['path']}: {m['error']}" for m in bad)]))


# ---------------------------------------------------------------------------------------------
# docker/


def check_docker(work: Path) -> None:
    dockerfile = ROOT / "docker" / "Dockerfile"
    text = dockerfile.read_text()
    hadolint = shutil.which("hadolint")
    if hadolint:
        r = subprocess.run([hadolint, "--failure-threshold", "warning", str(dockerfile)],
                           capture_output=True, text=True)
        C.check("hadolint docker/Dockerfile", r.returncode == 0, (r.stdout + r.stderr).strip())
    else:
        print("note: hadolint is not installed; the Dockerfile lint is skipped", flush=True)

    stages: dict[str, list[str]] = {}
    current = None
    for line in re.sub(r"\\\n", " ", text).splitlines():
        m = re.match(r"FROM\s+(\S+)(?:\s+AS\s+(\S+))?", line.strip(), re.I)
        if m:
            current = m.group(2) or m.group(1)
            stages[current] = [line.strip()]
        elif current and line.strip() and not line.strip().startswith("#"):
            stages[current].append(line.strip())
    runtime = stages.get("runtime", [])
    C.check("Dockerfile: a runtime stage is the last stage", list(stages)[-1:] == ["runtime"])
    C.check("Dockerfile: builds FROM rust:1-bookworm", "ARG RUST_IMAGE=rust:1-bookworm" in text)
    C.check("Dockerfile: runs FROM debian:bookworm-slim",
            "ARG RUNTIME_IMAGE=debian:bookworm-slim" in text
            and runtime and runtime[0].startswith("FROM ${RUNTIME_IMAGE}"))
    installs = " ".join(l for l in runtime if "apt-get install" in l)
    pkgs = {p for p in re.findall(r"apt-get install[^&]*", installs)[0].split()[2:]
            if not p.startswith("-")} if installs else set()
    C.check("Dockerfile: the runtime installs only libpq5 and ca-certificates",
            pkgs == {"libpq5", "ca-certificates"}, str(pkgs))
    C.check("Dockerfile: the runtime copies only the binary and web assets from other stages",
            all(re.match(r"COPY --from=(build|web) ", l) for l in runtime if l.startswith("COPY")))
    C.check("Dockerfile: runs as a non-root user",
            any(re.match(r"USER\s+[1-9]\d*(:\d+)?$", l) for l in runtime))
    C.check("Dockerfile: STOPSIGNAL SIGTERM", "STOPSIGNAL SIGTERM" in runtime)
    C.check("Dockerfile: release builds with --locked",
            all("--release --locked" in l for s in ("deps", "build") for l in stages.get(s, [])
                if "cargo build" in l) and any("cargo build" in l for l in stages.get("build", [])))
    deps = stages.get("deps", [])
    C.check("Dockerfile: dependencies build from the manifest skeleton before the sources",
            any("COPY --from=skeleton" in l for l in deps)
            and not any(re.match(r"COPY \. ", l) for l in deps)
            and any(re.match(r"COPY \. ", l) for l in stages.get("build", [])))
    C.check("Dockerfile: the service is a build argument",
            any(l.startswith("ARG SERVICE") for l in stages.get("build", [])))
    C.check("Dockerfile: web assets are an optional stage chosen by WEB_ASSETS",
            "ARG WEB_ASSETS=web-none" in text and "web-build" in stages
            and "web-none" in stages)
    ignore = (ROOT / "docker" / "Dockerfile.dockerignore").read_text().split()
    C.check("Dockerfile.dockerignore keeps target/ and .git out of the context",
            "**/target" in ignore and ".git" in ignore)

    # The dependency skeleton covers every workspace member.
    skel = work / "skeleton"
    r = subprocess.run(["sh", str(ROOT / "docker" / "skeleton.sh"), str(ROOT), str(skel)],
                       capture_output=True, text=True)
    C.check("skeleton.sh runs", r.returncode == 0, r.stderr.strip())
    members = tomllib.loads((ROOT / "Cargo.toml").read_text())["workspace"]["members"]
    for m in members:
        C.check(f"skeleton has workspace member {m}", (skel / m / "Cargo.toml").is_file())
    C.check("skeleton has Cargo.lock", (skel / "Cargo.lock").is_file())
    stray = [p for p in skel.rglob("*.rs")
             if p.read_text().strip() not in ("", "fn main() {}")]
    C.check("skeleton holds stubs only", not stray, str(stray[:3]))
    cargo = shutil.which("cargo")
    if cargo:
        r = subprocess.run([cargo, "metadata", "--no-deps", "--offline", "--format-version", "1"],
                           cwd=skel, capture_output=True, text=True)
        C.check("cargo reads the skeleton as the workspace", r.returncode == 0, r.stderr[-300:])

    # compose.yaml
    compose = yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text())
    svcs = compose.get("services", {})
    for name in ["postgres", "kafka", "db-init", "documents-demo", "gateway-demo", *SERVICES]:
        C.check(f"compose: has {name}", name in svcs)
    for name in SERVICES:
        b = (svcs.get(name) or {}).get("build") or {}
        C.check(f"compose: {name} is built from docker/Dockerfile with SERVICE={name}",
                b.get("dockerfile") == "docker/Dockerfile" and b.get("args", {}).get("SERVICE") == name)
    C.check("compose: the broker is Kafka in KRaft mode",
            "apache/kafka" in svcs.get("kafka", {}).get("image", "")
            and "KAFKA_PROCESS_ROLES" in svcs.get("kafka", {}).get("environment", {}))
    C.check("compose: db-init runs scripts/db/roles.sql and schemas.sql",
            "../scripts/db:/sql:ro" in svcs.get("db-init", {}).get("volumes", [])
            and "roles.sql" in str(svcs["db-init"].get("command"))
            and "schemas.sql" in str(svcs["db-init"].get("command")))
    C.check("compose: demo data through `documents demo` and `gateway demo`",
            svcs.get("documents-demo", {}).get("command") == ["demo"]
            and "gateway demo" in str(svcs.get("gateway-demo", {}).get("entrypoint")))

    # The chart's copies of the database prerequisites are the scripts' own.
    for f in ("roles.sql", "schemas.sql"):
        C.check(f"charts/estate-desk/files/db/{f} is identical to scripts/db/{f}",
                (CHARTS / "estate-desk" / "files" / "db" / f).read_bytes()
                == (ROOT / "scripts" / "db" / f).read_bytes())


# ---------------------------------------------------------------------------------------------


def main() -> int:
    keep = os.environ.get("CHARTS_KEEP_RENDERED") == "1"
    work = Path(tempfile.mkdtemp(prefix="estate-desk-charts-"))
    try:
        umbrella_dir = prepare_charts(work)
        out = work / "rendered"
        out.mkdir()
        with helm.Chart.load(str(umbrella_dir)) as umbrella:
            defaults = umbrella.values

        small = load_values(CHARTS / "estate-desk" / "values-small.yaml")
        large = load_values(CHARTS / "estate-desk" / "values-large.yaml")

        # Lint: the umbrella with each values file; the generic chart as each component.
        check_lint(umbrella_dir, "estate-desk (default values)")
        check_lint(umbrella_dir, "estate-desk (values-small.yaml)", small)
        check_lint(umbrella_dir, "estate-desk (values-large.yaml)", large)
        alone = {"global": defaults["global"]}
        for svc in SERVICES:
            vals = deep_merge(alone, {"component": svc})
            if svc == "gateway":
                vals["kafka"] = {"enabled": False}
            check_lint(work / "service", f"service (component {svc})", vals)

        scenarios = {
            "default": {},
            "small": small,
            "large": large,
            "complaints-disabled": {"complaints": {"enabled": False}},
            "only-gateway-and-documents": {s: {"enabled": False} for s in
                                           ("reception", "complaints", "repairs", "billing")},
            "url-secrets": {s: {"database": {"urlSecret": {"name": "estate-desk-db-urls",
                                                           "key": f"{s}_url"}}}
                            for s in SERVICES},
            "literal-public-key": {"global": {"auth": {"publicKey": "not-a-secret-public-key"}},
                                   "networkPolicy": {"scope": "namespace"}},
        }
        for scn, over in scenarios.items():
            values = deep_merge(defaults, over)
            enabled = [s for s in SERVICES if values[s].get("enabled", True)]
            try:
                docs = render(umbrella_dir, over, out, scn)
            except helm.HelmError as e:
                C.check(f"{scn}: renders", False, str(e))
                continue
            C.check(f"{scn}: renders", bool(docs))
            check_scenario(scn, docs, values, enabled)

        # A chart that cannot install must say why instead of rendering something wrong.
        for scn, over, why in [
            ("no-brokers", {"global": {"kafka": {"brokers": ""}}}, "global.kafka.brokers"),
            ("no-auth-secret", {"global": {"auth": {"existingSecret": ""}}}, "global.auth"),
        ]:
            try:
                render_fresh(umbrella_dir, over)
                C.check(f"{scn}: rendering refuses", False, "rendered anyway")
            except helm.HelmError as e:
                C.check(f"{scn}: rendering refuses and names {why}", why in str(e), str(e)[:200])

        check_docker(work)
        if keep:
            print(f"rendered manifests kept in {out}", flush=True)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)

    started = os.environ.get("CHARTS_STARTED")
    if started:
        print(f"note: chart checks took {int(time.time()) - int(started)}s", flush=True)
    total_failed = len(C.failed)
    print(f"{C.passed} passed, {total_failed} failed", flush=True)
    return 1 if total_failed else 0


if __name__ == "__main__":
    sys.exit(main())
