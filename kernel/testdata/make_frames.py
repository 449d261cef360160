"""Writes jupyter_client_frames.json: messages signed and framed by
jupyter_client's Session, for kernel's wire tests. Run with the Debian
Python: /usr/bin/python3 make_frames.py"""
import base64, json
from jupyter_client.session import Session

key = b"methodic-test-key"
out = {"key": key.decode(), "scheme": "hmac-sha256", "messages": []}
s = Session(key=key, signature_scheme="hmac-sha256", session="py-session", username="py")
for msg_type, content, buffers in [
    ("execute_request", {"code": "x := 1\nx", "silent": False, "store_history": True,
                         "user_expressions": {}, "allow_stdin": True, "stop_on_error": True}, []),
    ("comm_msg", {"comm_id": "c1", "data": {"é": "ünïcode"}}, [b"\x00\x01binary"]),
]:
    msg = s.msg(msg_type, content)
    frames = s.serialize(msg, ident=[b"routing-id"])
    frames += buffers
    out["messages"].append({
        "msg_type": msg_type,
        "msg_id": msg["header"]["msg_id"],
        "frames": [base64.b64encode(f).decode() for f in frames],
    })
with open("jupyter_client_frames.json", "w") as f:
    json.dump(out, f, indent=1)
