#!/usr/bin/env python3
"""What `podman kube play` can run of a rendered overlay (kubectl kustomize's output on stdin), one file per workload.

Kept: Deployments, ConfigMaps, Secrets (as podman secrets, below); the StatefulSet becomes a Deployment whose volume claim template is a
PersistentVolumeClaim (kube play has no StatefulSet; it makes a claim a named volume). Left out, and listed on
stderr: Services, NetworkPolicies, PodDisruptionBudgets, the Namespace (kube play has none of them; Services are
stood in for by a network alias per workload, kube-play.sh). Images: each public image becomes the local one named
in IMAGES (JSON on argv[2]), pulled never. Init containers are left out too (listed on stderr): podman 4.3.1 removes a
"once" init container while it is still running ("failed to remove once init container ... as it is running") and
the pod never starts. They only wait for PostgreSQL (`wait-for-postgres`), so kube-play.sh plays PostgreSQL first,
waits until its readinessProbe passes, and only then plays the others: the order the init containers would enforce.

    kubectl kustomize deploy/k8s/overlays/kind | kube-subset.py OUT_DIR '{"postgres:16-alpine": "localhost/..."}'

Writes OUT_DIR/<workload>.yaml (the ConfigMaps, then the workload), OUT_DIR/<secret>.secret.json (each Secret, for
`podman secret create`), OUT_DIR/volumes.txt (the named volumes the claims, emptyDirs and ConfigMap volumes become) and
OUT_DIR/probes.tsv (workload,
container, where its readinessProbe runs: "exec" inside the container or "host" against the pod's address $POD_IP,
and the probe as a bash command), and prints each workload's name and
the Service that selects it (its DNS name), one pair a line.
"""
import base64
import json
import os
import shlex
import sys

import yaml

out_dir, images = sys.argv[1], json.loads(sys.argv[2])
objects = [o for o in yaml.safe_load_all(sys.stdin) if o]
config = [o for o in objects if o["kind"] == "ConfigMap"]
secrets = [o for o in objects if o["kind"] == "Secret"]
services = [o for o in objects if o["kind"] == "Service"]
left_out = sorted({o["kind"] for o in objects} - {"ConfigMap", "Secret", "Deployment", "StatefulSet"})
print("kube-subset: not played (kube play has no such kind): " + ", ".join(left_out), file=sys.stderr)


def as_deployment(statefulset):
    spec = statefulset["spec"]
    pod = spec["template"]["spec"]
    claims = []
    for template in spec.pop("volumeClaimTemplates", []):
        name = f"{statefulset['metadata']['name']}-{template['metadata']['name']}"
        volumes.append(name)
        claims.append({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": name},
                       "spec": template["spec"]})
        pod.setdefault("volumes", []).append({"name": template["metadata"]["name"],
                                              "persistentVolumeClaim": {"claimName": name}})
    spec.pop("serviceName", None)
    spec.pop("podManagementPolicy", None)
    statefulset["kind"] = "Deployment"
    return claims + [statefulset]


def service_of(workload):
    labels = workload["spec"]["template"]["metadata"].get("labels", {})
    for service in services:
        selector = service["spec"].get("selector", {})
        if selector and all(labels.get(k) == v for k, v in selector.items()):
            return service["metadata"]["name"]
    return workload["metadata"]["name"]


def probe_command(container, probe):
    """The probe as bash: an exec probe runs inside the container (its first word "exec"), an httpGet or tcpSocket
    probe on the host against the pod's address, $POD_IP, as the kubelet asks from the node."""
    if "exec" in probe:
        return "exec\t" + shlex.join(probe["exec"]["command"])
    get = probe.get("httpGet") or probe["tcpSocket"]
    port = get["port"]
    if isinstance(port, str):
        port = next(p["containerPort"] for p in container["ports"] if p.get("name") == port)
    if "tcpSocket" in probe:
        return f"host\ttimeout 2 bash -c 'exec 3<>/dev/tcp/$POD_IP/{port}'"
    # the kubelet counts 200-399 as passed
    return (f"host\tcurl -s -o /dev/null -m 2 -w '%{{http_code}}' \"http://$POD_IP:{port}{get['path']}\" "
            f"| grep -q '^[23][0-9][0-9]$'")


def unpublished(container):
    """podman 4.3's kube play publishes every containerPort on the host's same port (the host's own PostgreSQL has
    5432; frontend-static and Keycloak both have 9000): the ports go, the probes' port names become their numbers."""
    numbers = {p["name"]: p["containerPort"] for p in container.pop("ports", []) if "name" in p}
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        handler = container.get(probe, {}).get("httpGet") or container.get(probe, {}).get("tcpSocket")
        if handler and isinstance(handler.get("port"), str):
            handler["port"] = numbers[handler["port"]]


def own_empty_dirs(workload_name, pod):
    """podman 4.3 makes an emptyDir a named volume called like the pod's volume (medium: Memory is ignored), shared
    by every pod with a volume of that name and kept after them: each workload's get names of their own. And when it
    fills a new volume from the image, it follows an absolute symlink on the HOST: a volume on /var/run/postgresql got
    the owner of the host's /run/postgresql (uid 101, not the image's 70) and the server could not write its lock
    file. /var/run links to /run in the Debian and the alpine images alike: such mounts are made on /run."""
    renamed = {}
    for volume in pod.get("volumes", []):
        if "emptyDir" in volume:
            renamed[volume["name"]] = volume["name"] = f"{workload_name}-{volume['name']}"
    for container in pod.get("initContainers", []) + pod["containers"]:
        for mount in container.get("volumeMounts", []):
            mount["name"] = renamed.get(mount["name"], mount["name"])
            if mount["mountPath"].startswith("/var/run/"):
                mount["mountPath"] = mount["mountPath"][len("/var"):]
    return list(renamed.values())


probes = []
volumes = []
for workload in (o for o in objects if o["kind"] in ("Deployment", "StatefulSet")):
    name = workload["metadata"]["name"]
    pod = workload["spec"]["template"]["spec"]
    init = pod.pop("initContainers", [])
    if init:
        print(f"kube-subset: {name}: init containers not played ({', '.join(c['name'] for c in init)}): "
              "kube-play.sh starts it once PostgreSQL is ready", file=sys.stderr)
    probes += [(name, c["name"], probe_command(c, c["readinessProbe"])) for c in pod["containers"] if "readinessProbe" in c]
    for container in pod.get("initContainers", []) + pod["containers"]:
        container["image"] = images.get(container["image"], container["image"])
        container["imagePullPolicy"] = "Never"
        unpublished(container)
    volumes += own_empty_dirs(name, pod)
    # kube play copies a ConfigMap volume into a named volume called like the ConfigMap, kept after the pod
    volumes += [v["configMap"]["name"] for v in pod.get("volumes", []) if "configMap" in v]
    docs = as_deployment(workload) if workload["kind"] == "StatefulSet" else [workload]
    with open(os.path.join(out_dir, f"{name}.yaml"), "w") as f:
        yaml.safe_dump_all(config + docs, f, sort_keys=False)
    print(name, service_of(workload))

# podman 4.3 reads a Secret that secretKeyRef names from a podman secret holding the Secret's `data` as JSON (each
# value base64), but stores a Secret played from YAML as that YAML, and then refuses it ("secret ... is not valid
# JSON"): so each Secret becomes a podman secret of its own (kube-play.sh) holding its data as JSON, stringData
# encoded into it as the API server does when it stores a Secret.
for secret in secrets:
    data = dict(secret.get("data", {}))
    data.update({k: base64.b64encode(str(v).encode()).decode() for k, v in secret.get("stringData", {}).items()})
    with open(os.path.join(out_dir, f"{secret['metadata']['name']}.secret.json"), "w") as f:
        json.dump(data, f)
with open(os.path.join(out_dir, "volumes.txt"), "w") as f:
    f.writelines(v + "\n" for v in volumes)
with open(os.path.join(out_dir, "probes.tsv"), "w") as f:
    f.writelines(f"{w}\t{c}\t{command}\n" for w, c, command in probes)
