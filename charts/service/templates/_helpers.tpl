{{/*
Helpers of the generic service chart. Numbers from values arrive as float64: print them
through `int` so that 1048576 does not become 1.048576e+06.
*/}}

{{- define "desk.components" -}}
gateway reception complaints repairs billing documents
{{- end -}}

{{/* The process this release runs. */}}
{{- define "desk.component" -}}
{{- $c := .Values.component | default "" -}}
{{- if not (has $c (splitList " " (include "desk.components" .))) -}}
{{- fail (printf "component must be one of %s (got %q)" (include "desk.components" .) $c) -}}
{{- end -}}
{{- $c -}}
{{- end -}}

{{- define "desk.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "desk.component" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Name of another component's objects in the same release. Args: (list $ "reception"). */}}
{{- define "desk.peerFullname" -}}
{{- printf "%s-%s" (index . 0).Release.Name (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Prefix of the process's environment variables: RECEPTION, GATEWAY, … */}}
{{- define "desk.envPrefix" -}}
{{- include "desk.component" . | upper -}}
{{- end -}}

{{- define "desk.imageTag" -}}
{{- $g := (.Values.global | default dict).image | default dict -}}
{{- .Values.image.tag | default $g.tag | default .Chart.AppVersion | toString -}}
{{- end -}}

{{- define "desk.image" -}}
{{- $g := (.Values.global | default dict).image | default dict -}}
{{- $registry := .Values.image.registry | default $g.registry | default "" -}}
{{- $repo := .Values.image.repository | default (printf "estate-desk/%s" (include "desk.component" .)) -}}
{{- $ref := $repo -}}
{{- if $registry }}{{ $ref = printf "%s/%s" (trimSuffix "/" $registry) $repo }}{{ end -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $ref .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $ref (include "desk.imageTag" .) -}}
{{- end -}}
{{- end -}}

{{- define "desk.pullPolicy" -}}
{{- $g := (.Values.global | default dict).image | default dict -}}
{{- .Values.image.pullPolicy | default $g.pullPolicy | default "IfNotPresent" -}}
{{- end -}}

{{/* imagePullSecrets list (YAML) or nothing. */}}
{{- define "desk.pullSecrets" -}}
{{- $g := (.Values.global | default dict).image | default dict -}}
{{- $all := concat ($g.pullSecrets | default list) (.Values.imagePullSecrets | default list) -}}
{{- with $all -}}
{{- toYaml . -}}
{{- end -}}
{{- end -}}

{{- define "desk.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "desk.component" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ include "desk.imageTag" . | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: estate-desk
{{- end -}}

{{/* Pods of this component in this release: server pods and migration pods. */}}
{{- define "desk.podsOfComponent" -}}
app.kubernetes.io/name: {{ include "desk.component" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The server pods (Deployment, Service, PDB, HPA); immutable once installed. */}}
{{- define "desk.selectorLabels" -}}
{{ include "desk.podsOfComponent" . }}
app.kubernetes.io/component: server
{{- end -}}

{{- define "desk.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "desk.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{- define "desk.configFile" -}}
{{- printf "/etc/estate-desk/%s.toml" (include "desk.component" .) -}}
{{- end -}}

{{- define "desk.terminationGrace" -}}
{{- if .Values.terminationGracePeriodSeconds -}}
{{- int .Values.terminationGracePeriodSeconds -}}
{{- else -}}
{{- add (int .Values.preStopSleepSeconds) (int .Values.http.shutdownGraceSecs) 10 -}}
{{- end -}}
{{- end -}}

{{/* ------------------------------------------------------------------------------------
The service's config file (TOML), built from values. No secret ever goes in it.
------------------------------------------------------------------------------------- */}}
{{- define "desk.settings" -}}
{{- $c := include "desk.component" . -}}
{{- $g := .Values.global | default dict -}}
{{- $pg := $g.postgresql | default dict -}}
{{- $k := $g.kafka | default dict -}}
{{- $ga := $g.auth | default dict -}}
{{- $db := .Values.database -}}
{{- $host := $db.host | default $pg.host | default "postgresql" -}}
{{- $port := int ($db.port | default $pg.port | default 5432) -}}
{{- $name := $db.name | default $pg.database | default "estate_desk" -}}
{{- $user := $db.user | default (printf "desk_%s" $c) -}}
{{- $ssl := $db.sslMode | default $pg.sslMode | default "prefer" -}}
{{- $url := printf "postgres://%s@%s:%d/%s?sslmode=%s" $user $host $port $name $ssl -}}
{{- $http := dict "workers" (int .Values.http.workers) "shutdown_grace_secs" (int .Values.http.shutdownGraceSecs) "max_body_bytes" (int .Values.http.maxBodyBytes) -}}
{{- $database := dict "url" $url "pool_size" (int $db.poolSize) "connect_timeout_secs" (int $db.connectTimeoutSecs) -}}
{{- $cfg := dict "http" $http "database" $database -}}
{{- if eq $c "gateway" -}}
{{- $_ := set $cfg "auth" (dict "token_ttl_secs" (int .Values.auth.tokenTtlSecs)) -}}
{{- $up := dict "timeout_secs" (int .Values.upstreams.timeoutSecs) -}}
{{- range $svc := list "reception" "complaints" "repairs" "billing" "documents" -}}
{{- $given := index $.Values.upstreams $svc | default "" -}}
{{- $default := printf "http://%s:%d" (include "desk.peerFullname" (list $ $svc)) (int $.Values.service.port) -}}
{{- $_ := set $up $svc (tpl ($given | default $default) $) -}}
{{- end -}}
{{- $_ := set $cfg "upstreams" $up -}}
{{- else -}}
{{- $kv := .Values.kafka -}}
{{- $brokers := $kv.brokers | default $k.brokers | default "" -}}
{{- if not $brokers }}{{ fail "global.kafka.brokers (or <service>.kafka.brokers) is required: the Kafka bootstrap servers" }}{{ end -}}
{{- $prefix := ternary $kv.topicPrefix ($k.topicPrefix | default "") (kindIs "string" $kv.topicPrefix) -}}
{{- $partitions := int (ternary $kv.partitions ($k.partitions | default 3) (not (kindIs "invalid" $kv.partitions))) -}}
{{- $create := ternary $kv.createTopics ($k.createTopics | default false) (kindIs "bool" $kv.createTopics) -}}
{{- $_ := set $cfg "kafka" (dict "brokers" $brokers "topic_prefix" $prefix "partitions" $partitions "create_topics" $create) -}}
{{- $pub := .Values.auth.publicKey | default $ga.publicKey | default "" -}}
{{- if $pub }}{{ $_ := set $cfg "auth" (dict "public_key" $pub) }}{{ end -}}
{{- end -}}
{{- $extra := deepCopy (.Values.extraConfig | default dict) -}}
{{- $cfg = mustMergeOverwrite $cfg $extra -}}
{{- include "desk.toml" $cfg -}}
{{- end -}}

{{/* A TOML document from {section: {key: value}}. */}}
{{- define "desk.toml" -}}
{{- range $section, $keys := . }}
{{- if not (kindIs "map" $keys) }}{{ fail (printf "extraConfig.%s must be a section (a map of keys)" $section) }}{{ end }}
[{{ $section }}]
{{- range $k, $v := $keys }}
{{ $k }} = {{ include "desk.tomlValue" $v }}
{{- end }}
{{ end }}
{{- end -}}

{{- define "desk.tomlValue" -}}
{{- $v := . -}}
{{- if kindIs "string" $v -}}
{{- toJson $v -}}
{{- else if kindIs "bool" $v -}}
{{- ternary "true" "false" $v -}}
{{- else if or (kindIs "float64" $v) (kindIs "float32" $v) -}}
{{- if eq (float64 (int64 $v)) (float64 $v) }}{{ int64 $v }}{{ else }}{{ $v }}{{ end -}}
{{- else if or (kindIs "int" $v) (kindIs "int64" $v) (kindIs "int32" $v) (kindIs "uint64" $v) -}}
{{- $v -}}
{{- else if kindIs "slice" $v -}}
[{{ range $i, $e := $v }}{{ if $i }}, {{ end }}{{ include "desk.tomlValue" $e }}{{ end }}]
{{- else -}}
{{- fail (printf "unsupported value in the config file: %v (%s)" $v (kindOf $v)) -}}
{{- end -}}
{{- end -}}

{{/* ------------------------------------------------------------------------------------
Environment: the config file's path, the bind address, and secrets by reference only.
Args: dict "ctx" $ "forMigration" bool.
------------------------------------------------------------------------------------- */}}
{{- define "desk.env" -}}
{{- $ := .ctx -}}
{{- $c := include "desk.component" $ -}}
{{- $p := include "desk.envPrefix" $ -}}
{{- $g := $.Values.global | default dict -}}
{{- $pg := $g.postgresql | default dict -}}
{{- $ga := $g.auth | default dict -}}
{{- $db := $.Values.database -}}
- name: {{ $p }}_CONFIG
  value: {{ include "desk.configFile" $ | quote }}
- name: {{ $p }}__HTTP__BIND
  value: {{ printf "0.0.0.0:%d" (int $.Values.containerPort) | quote }}
- name: LOG_FORMAT
  value: {{ $.Values.logFormat | quote }}
{{- with $.Values.logLevel }}
- name: RUST_LOG
  value: {{ . | quote }}
{{- end }}
{{- if $db.urlSecret.name }}
- name: {{ $p }}__DATABASE__URL
  valueFrom:
    secretKeyRef:
      name: {{ $db.urlSecret.name | quote }}
      key: {{ $db.urlSecret.key | default "url" | quote }}
{{- else }}
{{- $secret := $db.existingSecret | default $pg.existingSecret | default "" }}
{{- if $secret }}
- name: PGPASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret | quote }}
      key: {{ $db.passwordKey | default ($db.user | default (printf "desk_%s" $c)) | quote }}
{{- end }}
{{- end }}
{{- if not .forMigration }}
{{- if eq $c "gateway" }}
- name: GATEWAY__AUTH__SIGNING_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $.Values.auth.signingKeySecret.name | default $ga.existingSecret | required "global.auth.existingSecret (or gateway.auth.signingKeySecret.name) is required: the Secret holding the gateway's signing key" | quote }}
      key: {{ $.Values.auth.signingKeySecret.key | default $ga.signingKeyKey | default "signing_key" | quote }}
{{- else if not ($.Values.auth.publicKey | default $ga.publicKey) }}
- name: {{ $p }}__AUTH__PUBLIC_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $ga.existingSecret | required "global.auth.existingSecret or global.auth.publicKey is required: the gateway's public key" | quote }}
      key: {{ $ga.publicKeyKey | default "public_key" | quote }}
{{- end }}
{{- if ne $c "gateway" }}
{{- /* A stable member name per pod: a container restarted after a crash (SIGKILL, OOM) takes
     its partitions back at once instead of waiting behind its own dead membership. */}}
- name: {{ $p }}__KAFKA__INSTANCE_ID
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
{{- end }}
{{- with (($g.otlp | default dict).endpoint) }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- with $.Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The hardened container security context, shared by the server and the migration Job. */}}
{{- define "desk.containerSecurityContext" -}}
{{ toYaml .Values.securityContext }}
{{- end -}}
