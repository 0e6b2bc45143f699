// Command dprfixture writes a small WAL in the Faramesh daemon's format, using Go's own
// encoding/json, so that the Java port can check its daemon-compatible canonicalization
// against real Go output. It is written from the documented record fields
// (shared/reference/fpl-dpr-broker.md §2), not copied from the daemon.
//
// Usage (from this directory): go run . ../../resources/audit
// A second mode checks a WAL written by the Java DprWriter in daemon-compatible mode with Go's decoder
// and this program's canonical form: go run . verify <wal-file>
//
// Outputs:
//
//	daemon-fixture.wal            frames: DPR records (version 1) and one control frame (version 2)
//	daemon-fixture.golden.jsonl   per record: frame index, canonical bytes (base64) and sha256 hex
//	args-signatures.jsonl         args JSON as decoded by encoding/json, and its structural signature
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"sort"
	"time"
)

const (
	algLegacy = "legacy-json-v1"
	algJCS    = "jcs-rfc8785-v1"
)

// record carries the documented DPR fields with the daemon's JSON names and omitempty flags.
type record struct {
	SchemaVersion             string            `json:"schema_version"`
	FPLVersion                string            `json:"fpl_version,omitempty"`
	CARVersion                string            `json:"car_version,omitempty"`
	CanonicalizationAlgorithm string            `json:"canonicalization_algorithm,omitempty"`
	RecordID                  string            `json:"record_id"`
	PrevRecordHash            string            `json:"prev_record_hash"`
	RecordHash                string            `json:"record_hash"`
	HMACSignature             string            `json:"hmac_signature,omitempty"`
	AgentID                   string            `json:"agent_id"`
	SessionID                 string            `json:"session_id"`
	ToolID                    string            `json:"tool_id"`
	ActionType                string            `json:"action_type,omitempty"`
	LamportSeq                uint64            `json:"lamport_seq,omitempty"`
	InterceptAdapter          string            `json:"intercept_adapter"`
	ExecutionTimeoutMS        int               `json:"execution_timeout_ms,omitempty"`
	PrincipalIDHash           string            `json:"principal_id_hash,omitempty"`
	Effect                    string            `json:"effect"`
	MatchedRuleID             string            `json:"matched_rule_id"`
	ReasonCode                string            `json:"reason_code"`
	Reason                    string            `json:"reason"`
	DenialToken               string            `json:"denial_token,omitempty"`
	IncidentCategory          string            `json:"incident_category,omitempty"`
	IncidentSeverity          string            `json:"incident_severity,omitempty"`
	PolicyVersion             string            `json:"policy_version"`
	ArgsStructuralSig         string            `json:"args_structural_sig"`
	SelectorSnapshot          map[string]any    `json:"selector_snapshot,omitempty"`
	ArgProvenance             map[string]string `json:"arg_provenance,omitempty"`
	HardeningMode             string            `json:"hardening_mode,omitempty"`
	NetworkHostHash           string            `json:"network_host_hash,omitempty"`
	NetworkPort               int               `json:"network_port,omitempty"`
	NetworkResolvedIPHash     string            `json:"network_resolved_ip_hash,omitempty"`
	NetworkAuditBypass        bool              `json:"network_audit_bypass,omitempty"`
	InferenceRewrite          bool              `json:"inference_model_rewrite_applied,omitempty"`
	WorkflowPhase             string            `json:"workflow_phase,omitempty"`
	CredentialBrokered        bool              `json:"credential_brokered,omitempty"`
	CredentialSource          string            `json:"credential_source,omitempty"`
	CredentialScope           string            `json:"credential_scope,omitempty"`
	DegradedMode              string            `json:"degraded_mode,omitempty"`
	ApprovalEnvelope          string            `json:"approval_envelope,omitempty"`
	DeferToken                string            `json:"defer_token,omitempty"`
	ParentDeferToken          string            `json:"parent_defer_token,omitempty"`
	CascadeReason             string            `json:"cascade_reason,omitempty"`
	CascadeDepth              int               `json:"cascade_depth,omitempty"`
	CascadePath               []string          `json:"cascade_path,omitempty"`
	CreatedAt                 time.Time         `json:"created_at"`
}

// hashed is the documented subset of fields that record_hash covers, in the documented order.
type hashed struct {
	SchemaVersion             string    `json:"schema_version"`
	FPLVersion                string    `json:"fpl_version,omitempty"`
	CARVersion                string    `json:"car_version,omitempty"`
	CanonicalizationAlgorithm string    `json:"canonicalization_algorithm,omitempty"`
	RecordID                  string    `json:"record_id"`
	PrevRecordHash            string    `json:"prev_record_hash"`
	AgentID                   string    `json:"agent_id"`
	SessionID                 string    `json:"session_id"`
	ToolID                    string    `json:"tool_id"`
	InterceptAdapter          string    `json:"intercept_adapter"`
	ExecutionTimeoutMS        int       `json:"execution_timeout_ms,omitempty"`
	PrincipalIDHash           string    `json:"principal_id_hash,omitempty"`
	Effect                    string    `json:"effect"`
	MatchedRuleID             string    `json:"matched_rule_id"`
	ReasonCode                string    `json:"reason_code"`
	DenialToken               string    `json:"denial_token,omitempty"`
	IncidentCategory          string    `json:"incident_category,omitempty"`
	IncidentSeverity          string    `json:"incident_severity,omitempty"`
	PolicyVersion             string    `json:"policy_version"`
	ArgsStructuralSig         string    `json:"args_structural_sig"`
	HardeningMode             string    `json:"hardening_mode,omitempty"`
	NetworkHostHash           string    `json:"network_host_hash,omitempty"`
	NetworkPort               int       `json:"network_port,omitempty"`
	NetworkResolvedIPHash     string    `json:"network_resolved_ip_hash,omitempty"`
	NetworkAuditBypass        bool      `json:"network_audit_bypass,omitempty"`
	InferenceRewrite          bool      `json:"inference_model_rewrite_applied,omitempty"`
	WorkflowPhase             string    `json:"workflow_phase,omitempty"`
	CredentialBrokered        bool      `json:"credential_brokered,omitempty"`
	ApprovalEnvelope          string    `json:"approval_envelope,omitempty"`
	DeferToken                string    `json:"defer_token,omitempty"`
	ParentDeferToken          string    `json:"parent_defer_token,omitempty"`
	CascadeReason             string    `json:"cascade_reason,omitempty"`
	CascadeDepth              int       `json:"cascade_depth,omitempty"`
	CascadePath               []string  `json:"cascade_path,omitempty"`
	DegradedMode              string    `json:"degraded_mode,omitempty"`
	CreatedAt                 time.Time `json:"created_at"`
}

func subset(r *record) hashed {
	return hashed{
		SchemaVersion: r.SchemaVersion, FPLVersion: r.FPLVersion, CARVersion: r.CARVersion,
		CanonicalizationAlgorithm: r.CanonicalizationAlgorithm, RecordID: r.RecordID,
		PrevRecordHash: r.PrevRecordHash, AgentID: r.AgentID, SessionID: r.SessionID, ToolID: r.ToolID,
		InterceptAdapter: r.InterceptAdapter, ExecutionTimeoutMS: r.ExecutionTimeoutMS,
		PrincipalIDHash: r.PrincipalIDHash, Effect: r.Effect, MatchedRuleID: r.MatchedRuleID,
		ReasonCode: r.ReasonCode, DenialToken: r.DenialToken, IncidentCategory: r.IncidentCategory,
		IncidentSeverity: r.IncidentSeverity, PolicyVersion: r.PolicyVersion,
		ArgsStructuralSig: r.ArgsStructuralSig, HardeningMode: r.HardeningMode,
		NetworkHostHash: r.NetworkHostHash, NetworkPort: r.NetworkPort,
		NetworkResolvedIPHash: r.NetworkResolvedIPHash, NetworkAuditBypass: r.NetworkAuditBypass,
		InferenceRewrite: r.InferenceRewrite, WorkflowPhase: r.WorkflowPhase,
		CredentialBrokered: r.CredentialBrokered, ApprovalEnvelope: r.ApprovalEnvelope,
		DeferToken: r.DeferToken, ParentDeferToken: r.ParentDeferToken, CascadeReason: r.CascadeReason,
		CascadeDepth: r.CascadeDepth, CascadePath: r.CascadePath, DegradedMode: r.DegradedMode,
		CreatedAt: r.CreatedAt.UTC(),
	}
}

// canonical returns the bytes record_hash is computed over. Legacy mode is encoding/json's
// output of the subset struct; JCS mode is the same members with keys sorted, each value
// encoded by encoding/json (so strings keep Go's HTML-safe escaping).
func canonical(r *record) []byte {
	plain, err := json.Marshal(subset(r))
	must(err)
	if r.CanonicalizationAlgorithm != algJCS {
		return plain
	}
	var members map[string]json.RawMessage
	must(json.Unmarshal(plain, &members))
	keys := make([]string, 0, len(members))
	for k := range members {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out bytes.Buffer
	out.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			out.WriteByte(',')
		}
		name, _ := json.Marshal(k)
		out.Write(name)
		out.WriteByte(':')
		out.Write(members[k])
	}
	out.WriteByte('}')
	return out.Bytes()
}

func genesis(agent string) string {
	return fmt.Sprintf("%x", sha256.Sum256([]byte("faramesh/dpr/genesis/v1:"+agent)))
}

func frame(version byte, payload []byte) []byte {
	hdr := make([]byte, 13)
	binary.LittleEndian.PutUint32(hdr[0:4], 0x4657414c)
	hdr[4] = version
	binary.LittleEndian.PutUint32(hdr[5:9], uint32(len(payload)))
	binary.LittleEndian.PutUint32(hdr[9:13], crc32.ChecksumIEEE(payload))
	return append(hdr, payload...)
}

func structural(v any, depth int) string {
	if depth > 5 {
		return "deep_object"
	}
	switch t := v.(type) {
	case map[string]any:
		parts := []string{}
		for k, c := range t {
			parts = append(parts, k+":"+structural(c, depth+1))
		}
		sort.Strings(parts)
		s := "{"
		for i, p := range parts {
			if i > 0 {
				s += ","
			}
			s += p
		}
		return s + "}"
	case []any:
		if len(t) == 0 {
			return "[]"
		}
		return "[" + structural(t[0], depth+1) + "]"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	case nil:
		return "null"
	}
	return "unknown"
}

func argsSig(args map[string]any) string {
	if len(args) == 0 {
		return "{}"
	}
	return fmt.Sprintf("%x", sha256.Sum256([]byte(structural(args, 0))))[:16]
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// verify decodes every record frame with encoding/json into the documented struct, recomputes
// record_hash and checks genesis and per-agent links, as the daemon's replay validation does.
func verify(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	last := map[string]string{}
	records := 0
	for off, idx := 0, 0; off < len(data); idx++ {
		if len(data)-off < 13 || binary.LittleEndian.Uint32(data[off:]) != 0x4657414c {
			return fmt.Errorf("frame %d: bad header at %d", idx, off)
		}
		version := data[off+4]
		n := int(binary.LittleEndian.Uint32(data[off+5:]))
		payload := data[off+13 : off+13+n]
		if crc32.ChecksumIEEE(payload) != binary.LittleEndian.Uint32(data[off+9:]) {
			return fmt.Errorf("frame %d: CRC mismatch", idx)
		}
		off += 13 + n
		if version != 1 {
			continue
		}
		var r record
		if err := json.Unmarshal(payload, &r); err != nil {
			return fmt.Errorf("frame %d: %v", idx, err)
		}
		if got := fmt.Sprintf("%x", sha256.Sum256(canonical(&r))); got != r.RecordHash {
			return fmt.Errorf("frame %d record %s: record_hash mismatch (go computes %s)", idx, r.RecordID, got)
		}
		want, ok := last[r.AgentID]
		if !ok {
			want = genesis(r.AgentID)
		}
		if r.PrevRecordHash != want {
			return fmt.Errorf("frame %d record %s: broken link", idx, r.RecordID)
		}
		last[r.AgentID] = r.RecordHash
		records++
	}
	fmt.Printf("verified %d records of %d agents\n", records, len(last))
	return nil
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "verify" {
		if err := verify(os.Args[2]); err != nil {
			fmt.Println("FAIL:", err)
			os.Exit(1)
		}
		return
	}
	outDir := "."
	if len(os.Args) > 1 {
		outDir = os.Args[1]
	}
	ist := time.FixedZone("IST", 5*3600+1800)
	pst := time.FixedZone("PST", -8*3600)
	base := time.Date(2026, 5, 26, 9, 30, 0, 0, time.UTC)

	recs := []*record{
		{SchemaVersion: "dpr/2.0", CanonicalizationAlgorithm: algJCS, RecordID: "5f0c6f0e-5f43-4c3e-9d7f-0d6f3f1f7a01",
			AgentID: "payments-bot", SessionID: "sess-1", ToolID: "stripe/refund", ActionType: "tool_call", LamportSeq: 1,
			InterceptAdapter: "sdk", PrincipalIDHash: "3b0a5c6d7e8f9012", Effect: "PERMIT", MatchedRuleID: "fpl-1",
			ReasonCode: "RULE_PERMIT", Reason: "refund <= $500 & ok", PolicyVersion: "a1b2c3d4e5f60718",
			ArgsStructuralSig: "aaaabbbbccccdddd", CreatedAt: base.Add(123456789 * time.Nanosecond).In(ist)},
		{SchemaVersion: "dpr/2.0", CanonicalizationAlgorithm: algJCS, RecordID: "5f0c6f0e-5f43-4c3e-9d7f-0d6f3f1f7a02",
			AgentID: "payments-bot", SessionID: "sess-1", ToolID: "shell/run", LamportSeq: 2,
			InterceptAdapter: "proxy", Effect: "DENY", MatchedRuleID: "fpl-0", ReasonCode: "FPL_STRICT_DENY",
			Reason: "never shell", DenialToken: "dnl_0123456789abcdef", IncidentCategory: "destructive_command",
			IncidentSeverity: "critical", PolicyVersion: "a1b2c3d4e5f60718", ArgsStructuralSig: "{}",
			ExecutionTimeoutMS: 30000, HardeningMode: "strict", NetworkHostHash: "9f86d081884c7d65",
			NetworkPort: 443, NetworkResolvedIPHash: "ab12", NetworkAuditBypass: true, InferenceRewrite: true,
			WorkflowPhase: "intake", CredentialBrokered: true, CredentialSource: "vault", CredentialScope: "refund",
			DegradedMode: "FULL", CreatedAt: base.Add(2 * time.Second).In(pst)},
		{SchemaVersion: "dpr/2.0", CanonicalizationAlgorithm: algJCS, RecordID: "5f0c6f0e-5f43-4c3e-9d7f-0d6f3f1f7a03",
			AgentID: "ünï/agent <&> \u2028\u2029", SessionID: "s\"q\\b\t\n\r\x01\x1f\x7f", ToolID: "mcp/srv/tööl 😀",
			InterceptAdapter: "mcp", Effect: "DEFER", MatchedRuleID: "fpl-2", ReasonCode: "APPROVAL_REQUIRED",
			Reason: "high value", PolicyVersion: "v1", ArgsStructuralSig: "0011223344556677",
			ApprovalEnvelope: "env<1>", DeferToken: "d1f2a3b4", ParentDeferToken: "00aa11bb",
			CascadeReason: "parent deferred", CascadeDepth: 2, CascadePath: []string{"a<", "b&", "ü"},
			CreatedAt: base.Add(3*time.Second + 100*time.Millisecond)},
		{SchemaVersion: "dpr/1.0", RecordID: "legacy-1", AgentID: "infra-bot", SessionID: "s2", ToolID: "k8s/apply",
			InterceptAdapter: "sdk", Effect: "PERMIT", MatchedRuleID: "rule-7", ReasonCode: "RULE_PERMIT",
			Reason: "ok", PolicyVersion: "v0", ArgsStructuralSig: "1111222233334444",
			SelectorSnapshot: map[string]any{"risk": 0.25, "tier": "gold", "n": 3.0},
			ArgProvenance:    map[string]string{"args.x": "rec-0"},
			CreatedAt:        time.Date(2026, 1, 2, 3, 4, 5, 0, ist)},
		{SchemaVersion: "dpr/2.0", CanonicalizationAlgorithm: algLegacy, RecordID: "legacy-2", AgentID: "infra-bot",
			SessionID: "s2", ToolID: "k8s/delete", InterceptAdapter: "sdk", Effect: "DENY", MatchedRuleID: "rule-8",
			ReasonCode: "RULE_DENY", Reason: "x", DenialToken: "dnl_fedcba9876543210", PolicyVersion: "v0",
			ArgsStructuralSig: "5555666677778888", NetworkPort: 8443, CascadePath: []string{"z"},
			CreatedAt: time.Date(2026, 1, 2, 3, 4, 6, 500000000, time.UTC)},
		{SchemaVersion: "dpr/2.0", CanonicalizationAlgorithm: algJCS, RecordID: "5f0c6f0e-5f43-4c3e-9d7f-0d6f3f1f7a04",
			AgentID: "payments-bot", SessionID: "sess-2", ToolID: "stripe/refund", LamportSeq: 3,
			InterceptAdapter: "sdk", Effect: "SHADOW_PERMIT", MatchedRuleID: "", ReasonCode: "UNMATCHED_DENY",
			Reason: "", FPLVersion: "1.0", CARVersion: "car/2.0", PolicyVersion: "a1b2c3d4e5f60718",
			ArgsStructuralSig: "aaaabbbbccccdddd", HMACSignature: "00ff",
			CreatedAt: base.Add(4*time.Second + 1000*time.Nanosecond)},
	}

	lastByAgent := map[string]string{}
	var wal bytes.Buffer
	var golden bytes.Buffer
	idx := 0
	for i, r := range recs {
		prev, ok := lastByAgent[r.AgentID]
		if !ok {
			prev = genesis(r.AgentID)
		}
		r.PrevRecordHash = prev
		c := canonical(r)
		r.RecordHash = fmt.Sprintf("%x", sha256.Sum256(c))
		lastByAgent[r.AgentID] = r.RecordHash
		payload, err := json.Marshal(r)
		must(err)
		wal.Write(frame(1, payload))
		line, err := json.Marshal(map[string]any{
			"frame_index": idx, "record_id": r.RecordID, "canonical_b64": base64.StdEncoding.EncodeToString(c),
			"record_hash": r.RecordHash,
		})
		must(err)
		golden.Write(line)
		golden.WriteByte('\n')
		idx++
		if i == 2 {
			ctl, err := json.Marshal(map[string]any{"frame_kind": "BUDGET_UPDATE", "agent_id": "payments-bot",
				"scope": "session", "spent_usd": 12.5, "ceiling_usd": 500, "written_at": base})
			must(err)
			wal.Write(frame(2, ctl))
			idx++
		}
	}
	must(os.WriteFile(filepath.Join(outDir, "daemon-fixture.wal"), wal.Bytes(), 0o644))
	must(os.WriteFile(filepath.Join(outDir, "daemon-fixture.golden.jsonl"), golden.Bytes(), 0o644))

	argCases := []string{
		`{}`,
		`{"amount":80,"currency":"USD"}`,
		`{"currency":"USD","amount":80.5}`,
		`{"a":{"b":{"c":{"d":{"e":{"f":{"g":1}}}}}}}`,
		`{"list":[{"x":1,"y":"s"},"mixed"],"empty":[],"flag":true,"none":null}`,
		`{"a-b":1,"a":"s","a_b":false,"ü":[1],"Z":{}}`,
		`{"nested":{"deep":[[["x"]]]},"k":[null]}`,
	}
	var sigs bytes.Buffer
	for _, a := range argCases {
		var args map[string]any
		must(json.Unmarshal([]byte(a), &args))
		line, err := json.Marshal(map[string]any{"args_json": a, "sig": argsSig(args), "preimage": structural(args, 0)})
		must(err)
		sigs.Write(line)
		sigs.WriteByte('\n')
	}
	must(os.WriteFile(filepath.Join(outDir, "args-signatures.jsonl"), sigs.Bytes(), 0o644))
}
