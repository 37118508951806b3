{{- define "meridian.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "meridian.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "meridian.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "meridian.labels" -}}
helm.sh/chart: {{ include "meridian.chart" . }}
{{ include "meridian.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "meridian.selectorLabels" -}}
app.kubernetes.io/name: {{ include "meridian.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Selector labels of the media nodes (all regions). */}}
{{- define "meridian.nodeSelectorLabels" -}}
{{ include "meridian.selectorLabels" . }}
app.kubernetes.io/component: media-node
{{- end -}}

{{/* Name of a region's workload: <fullname>-<region>. Call with (dict "root" $ "region" $region). */}}
{{- define "meridian.regionName" -}}
{{- printf "%s-%s" (include "meridian.fullname" .root) .region.name | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{- define "meridian.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "meridian.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "meridian.authSecretName" -}}
{{- if .Values.auth.existingSecret -}}
{{- .Values.auth.existingSecret -}}
{{- else if .Values.auth.secret -}}
{{- printf "%s-auth" (include "meridian.fullname" .) -}}
{{- else -}}
{{- printf "%s-auth-generated" (include "meridian.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "meridian.authSecretKey" -}}
{{- if .Values.auth.existingSecret -}}{{ .Values.auth.existingSecretKey }}{{- else -}}auth-secret{{- end -}}
{{- end -}}

{{/* The Secret holding the TURN relay's shared secret, and its key (turn.existingSecret, or the chart's). */}}
{{- define "meridian.turnSecretName" -}}
{{- if .Values.turn.existingSecret -}}
{{- .Values.turn.existingSecret -}}
{{- else if .Values.turn.secret -}}
{{- printf "%s-turn" (include "meridian.fullname" .) -}}
{{- else -}}
{{- printf "%s-turn-generated" (include "meridian.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "meridian.turnSecretKey" -}}
{{- if .Values.turn.existingSecret -}}{{ .Values.turn.existingSecretKey }}{{- else -}}turn-secret{{- end -}}
{{- end -}}

{{/* True when the nodes hand out TURN credentials or the chart runs coturn: both need the shared secret. */}}
{{- define "meridian.turnEnabled" -}}
{{- if or .Values.turn.urls .Values.turn.coturn.enabled -}}true{{- end -}}
{{- end -}}

{{- define "meridian.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* True ("true") when an init container resolves the advertised address and writes it to a config file. */}}
{{- define "meridian.resolvesAddress" -}}
{{- if or (eq .Values.media.addressSource "nodeExternalIP") (eq .Values.media.addressSource "loadBalancer") -}}true{{- end -}}
{{- end -}}

{{- define "meridian.totalReplicas" -}}
{{- $n := 0 -}}
{{- range .Values.regions -}}{{- $n = add $n (int .replicas) -}}{{- end -}}
{{- $n -}}
{{- end -}}

{{/* Checks of values that the JSON schema cannot express. */}}
{{- define "meridian.validate" -}}
{{- $names := dict -}}
{{- range .Values.regions -}}
{{- if hasKey $names .name -}}
{{- fail (printf "regions: the region name %q appears twice" .name) -}}
{{- end -}}
{{- $_ := set $names .name true -}}
{{- end -}}
{{- range .Values.regions -}}
{{- range (default (list) .nearest) -}}
{{- if not (hasKey $names .) -}}
{{- fail (printf "regions: nearest names the region %q, which is not in regions" .) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if and (eq .Values.media.addressSource "loadBalancer") (ne .Values.media.exposure "loadBalancer") -}}
{{- fail "media.addressSource loadBalancer needs media.exposure loadBalancer" -}}
{{- end -}}
{{- if and (eq .Values.media.exposure "loadBalancer") (ne .Values.media.addressSource "loadBalancer") -}}
{{- fail "media.exposure loadBalancer needs media.addressSource loadBalancer (clients must be told the load balancer's address)" -}}
{{- end -}}
{{- $min := add (int .Values.drain.gracePeriodSeconds) (int .Values.preStop.sleepSeconds) -}}
{{- if lt (int .Values.terminationGracePeriodSeconds) (int $min) -}}
{{- fail (printf "terminationGracePeriodSeconds (%d) must be at least drain.gracePeriodSeconds + preStop.sleepSeconds (%d), or Kubernetes kills nodes mid-call" (int .Values.terminationGracePeriodSeconds) (int $min)) -}}
{{- end -}}
{{- if and (gt (int (include "meridian.totalReplicas" .)) 1) (not (or .Values.redis.url .Values.redis.existingSecret .Values.redis.bundled.enabled)) -}}
{{- fail "more than one node needs a shared Redis: set redis.url, redis.existingSecret or redis.bundled.enabled" -}}
{{- end -}}
{{- if and .Values.redis.url .Values.redis.existingSecret -}}
{{- fail "set only one of redis.url and redis.existingSecret" -}}
{{- end -}}
{{- if and .Values.redis.bundled.enabled (or .Values.redis.url .Values.redis.existingSecret) -}}
{{- fail "redis.bundled.enabled conflicts with redis.url / redis.existingSecret: use one Redis" -}}
{{- end -}}
{{- end -}}
