{{/* Names and labels shared by every object of the chart. */}}
{{- define "reservoir.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "reservoir.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}

{{- define "reservoir.labels" -}}
{{ include "reservoir.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "reservoir.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "reservoir.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "reservoir.runnerServiceAccountName" -}}
{{- if .Values.runnerServiceAccount.create -}}
{{- default (printf "%s-runner" (include "reservoir.fullname" .)) .Values.runnerServiceAccount.name -}}
{{- else -}}
{{- required "runnerServiceAccount.name is required when runnerServiceAccount.create is false" .Values.runnerServiceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "reservoir.registryName" -}}
{{- printf "%s-algorithms" (include "reservoir.fullname" .) -}}
{{- end -}}

{{- define "reservoir.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository .Values.image.tag -}}
{{- end -}}
{{- end -}}
