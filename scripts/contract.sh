#!/usr/bin/env bash
# API contract check: starts the app on a free local port, makes a candidate and a JWT, and runs schemathesis over
# the whole OpenAPI schema (all checks, examples + coverage + fuzzing + stateful phases). Fails on any 5xx or schema
# violation. Bounded: CONTRACT_MAX_EXAMPLES per operation and CONTRACT_MAX_TIME seconds in all (defaults fit a few
# minutes on 2 cores). Uses DATABASE_URL / REDIS_URL when set (CI sets both), else a throwaway SQLite file.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
work="$(mktemp -d -t im-contract-XXXXXX)"
port="$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export DJANGO_DEBUG=true DJANGO_SECRET_KEY_FILE="$work/secret-key" LOG_LEVEL=WARNING
if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  # A database of its own, made fresh each run (the fuzzer creates and deletes freely; tests' data stays apart).
  export DATABASE_URL="${DATABASE_URL%/*}/$(basename "${DATABASE_URL%%\?*}")_contract"
  $PY - <<'PYEOF'
import os, psycopg
url = os.environ["DATABASE_URL"]
base, name = url.rsplit("/", 1)
with psycopg.connect(base + "/postgres", autocommit=True) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.execute(f'CREATE DATABASE "{name}"')
PYEOF
else
  export DATABASE_URL="sqlite:///$work/contract.sqlite3"
fi
export MEDIA_ROOT="$work/media" SITE_URL="http://127.0.0.1:$port"
# The contract is about shapes, not limits: throttles high enough that fuzzing reaches every operation.
export API_THROTTLE_USER=1000000/minute API_THROTTLE_ANON=1000000/minute API_THROTTLE_IP=1000000/minute \
  API_THROTTLE_AUTH=1000000/minute SANDBOX_RUN_RATE=1000000/minute RESUME_UPLOADS_PER_MINUTE=1000000 \
  MENTOR_INVITE_RATE=1000000/minute \
  ACCOUNT_DELETE_RATE=1000000/minute RESUME_MAX_PER_USER=1000000 RESUME_MAX_BYTES_PER_USER=1000000000000 \
  SANDBOX_USER_JUDGE_SECONDS=1000000000
[ -n "${REDIS_URL:-}" ] && export CELERY_TASK_ALWAYS_EAGER=false  # runs stay queued: no worker judges fuzzed code
max_examples="${CONTRACT_MAX_EXAMPLES:-12}"
max_time="${CONTRACT_MAX_TIME:-240}"

$PY manage.py migrate --noinput >/dev/null
$PY manage.py load_problems >/dev/null 2>&1 || true
$PY manage.py import_questions >/dev/null  # the bank interviews draw from (without it every start is a 422)
token="$($PY manage.py shell -c "
from accounts.models import Role, User
from accounts.services import issue_tokens
user = User.objects.filter(email='contract@example.com').first() or User.objects.create_user(
    email='contract@example.com', password='contract-pass-123', name='Contract Candidate', role=Role.CANDIDATE)
from allauth.account.models import EmailAddress
EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={'verified': True, 'primary': True})
# Objects of the candidate's own (id 1 in the fresh database), so id-taking operations also answer 2xx, not only 404:
# a study path with its tasks, and an interview.
from studypaths import study
from studypaths.models import Track
from interviews.services import start_session
track = Track.objects.order_by('id').first()
if track and not user.study_paths.exists():
    study.create_study_path(user=user, track=track, config=study.PathConfig())
if not user.interview_sessions.exists():
    start_session(candidate=user, mode='quick_start')
print(issue_tokens(user=user)['access'])
" | tail -n 1)"

# The production server shape (uvicorn workers under gunicorn; one worker is enough here). No worker recycling
# (WEB_MAX_REQUESTS=0): a run sends more than the default 5,000 requests, and the one worker's restart closed the
# fuzzer's kept-alive connection under a request ("Remote end closed connection without response", a failed run).
WEB_BIND="127.0.0.1:$port" WEB_CONCURRENCY=1 WEB_MAX_REQUESTS=0 .venv/bin/gunicorn -c gunicorn.conf.py interviewmaster.asgi:application \
  >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/health" >/dev/null || { echo "FAIL: the app did not start"; cat "$work/server.log"; exit 1; }

set +e
# Every check runs (schemathesis' default). Not `--checks all`: a check named on the command line outranks
# schemathesis.toml's per-operation `enabled = false`, and the fuzzing phase then lost the resume upload's exception.
st() {
  .venv/bin/schemathesis run "http://127.0.0.1:$port/api/schema/" \
    --header "Authorization: Bearer $token" \
    --phases examples,coverage,fuzzing,stateful \
    --max-examples "$max_examples" --max-time "$max_time" --workers 2 --request-timeout 30 \
    --generation-database none --no-color --warnings off "$@"
}
# "Sign out everywhere" revokes every token of the account, the run's own included (401 token_revoked from then on):
# called in the main run, it would leave every later request unauthenticated. It runs on its own, last, and briefly:
# one bodiless operation (tens of thousands of cases in a minute).
logout_all="POST /api/v1/auth/logout-all"
st --exclude-name "$logout_all" "$@"
status=$?
max_time="${CONTRACT_LOGOUT_ALL_MAX_TIME:-60}" st --include-name "$logout_all" "$@" || status=1
set -e
if grep -q "Traceback" "$work/server.log"; then
  echo "Server errors logged:"; grep -B2 -A20 "Traceback" "$work/server.log" | head -80
  status=1
fi
exit $status
