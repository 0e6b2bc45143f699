package dev.faramesh.policy;

import static dev.faramesh.policy.Fixtures.dev;
import static dev.faramesh.policy.Fixtures.http;
import static dev.faramesh.policy.Fixtures.tool;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a decision means: order, strictness, defaults, conditions, modes, limits, identity. */
class DecisionSemanticsTest {

  private static PolicyEngine engine(String fpl) {
    return PolicyEngine.of(Fixtures.parse(fpl));
  }

  private static PolicyEngine engine(String fpl, Mode mode, Fixtures.ManualClock clock) {
    return new PolicyEngine(Fixtures.parse(fpl), mode, clock);
  }

  @Test
  void firstMatchWinsThenDefault() {
    PolicyEngine e = engine("""
        agent a {
          default permit
          deny x/one
          permit x/*
          deny x/*
        }
        """);
    assertThat(e.decide(tool("x/one"), dev("a")).ruleId()).isEqualTo("fpl-1");
    assertThat(e.decide(tool("x/two"), dev("a")).ruleId()).isEqualTo("fpl-2");
    Decision d = e.decide(tool("y"), dev("a"));
    assertThat(d.effect()).isEqualTo(Effect.PERMIT);
    assertThat(d.reasonCode()).isEqualTo(ReasonCodes.UNMATCHED_PERMIT);
  }

  @Test
  void defaultIsDenyWhenNotSaid() {
    Decision d = engine("agent a { permit x }").decide(tool("y"), dev("a"));
    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(d.reasonCode()).isEqualTo(ReasonCodes.UNMATCHED_DENY);
  }

  @Test
  void strictDenyBeatsPermitsBeforeAndAfterIt() {
    PolicyEngine e = engine("""
        agent a {
          permit stripe/*
          deny! stripe/payouts reason: "manual only"
          permit stripe/payouts
        }
        """);
    Decision d = e.decide(tool("stripe/payouts"), dev("a"));
    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(d.reasonCode()).isEqualTo(ReasonCodes.STRICT_DENY);
    assertThat(d.reason()).isEqualTo("manual only");
    assertThat(d.ruleRef().line()).isEqualTo(3);
    assertThat(e.decide(tool("stripe/refund"), dev("a")).effect()).isEqualTo(Effect.PERMIT);
  }

  @Test
  void strictDenyInFlatRulesBindsEveryAgent() {
    PolicyEngine e = engine("""
        agent a { permit shell/run }
        deny! shell/* reason: "no shells anywhere"
        """);
    assertThat(e.decide(tool("shell/run"), dev("a")).reasonCode()).isEqualTo(ReasonCodes.STRICT_DENY);
  }

  @Test
  void globsAreSegmentWise() {
    PolicyEngine e = engine("""
        agent a {
          permit stripe/*
          permit mcp/**
          permit *
        }
        agent b { permit stripe/* }
        """);
    assertThat(e.decide(tool("stripe/refund"), dev("b")).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("stripe/a/b"), dev("b")).effect()).isEqualTo(Effect.DENY);
    assertThat(e.decide(tool("stripe"), dev("b")).effect()).isEqualTo(Effect.DENY);
    assertThat(e.decide(tool("mcp/github/create_issue"), dev("a")).ruleId()).isEqualTo("fpl-2");
    assertThat(e.decide(tool("anything/at/all"), dev("a")).ruleId()).isEqualTo("fpl-3");
  }

  @Test
  void missingFieldMakesComparisonFalse() {
    PolicyEngine e = engine("""
        agent a {
          permit refund when args.amount < 100
          deny refund when args.amount >= 100
          permit lookup when customer.tenant != principal.tenant
          permit guard when args.cmd == nil
          permit guard2 when args.cmd != nil
          permit neg when not args.flag
        }
        """);
    Decision d = e.decide(tool("refund"), dev("a"));
    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(d.reasonCode()).isEqualTo(ReasonCodes.UNMATCHED_DENY);
    assertThat(e.decide(tool("lookup", Map.of("customer", Map.of("tenant", "x"))), dev("a")).effect()).isEqualTo(Effect.DENY);
    assertThat(e.decide(tool("guard"), dev("a")).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("guard2"), dev("a")).effect()).isEqualTo(Effect.DENY);
    assertThat(e.decide(tool("guard2", Map.of("cmd", "ls")), dev("a")).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("neg"), dev("a")).effect()).isEqualTo(Effect.PERMIT);
  }

  @Test
  void evaluationErrorDeniesWithReasonCode() {
    PolicyEngine e = engine("""
        agent a {
          default permit
          permit refund when args.amount < 100
        }
        """);
    Decision d = e.decide(tool("refund", Map.of("amount", "lots")), dev("a"));
    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(d.reasonCode()).isEqualTo(ReasonCodes.EXPR_RUNTIME_ERROR);
    assertThat(d.reason()).contains("fpl-1").contains("a string").contains("a number").doesNotContain("lots");
  }

  @Test
  void operators() {
    PolicyEngine e = engine("""
        agent a {
          permit t1 when principal.role in ["admin", "ops"]
          permit t2 when principal.groups contains "payments"
          permit t3 when args.email matches "@example\\\\.com$" && !(args.blocked == true)
          permit t4 when args.path startsWith "/tmp/" or args.path endsWith ".log"
          permit t5 when args.n >= 1 and args.n <= 3 and args.n != 2
          permit t6 when args.amount <= $500.50
          permit t7 when "x" not in args.tags
          permit t8 when len(args.items) > 2 and lower(args.name) == "bob"
          permit t9 when time.hour >= 0 and time.weekday <= 7
        }
        """);
    Principal p = Fixtures.verified("a", "spiffe://t/a", Map.of("role", "ops", "groups", List.of("payments", "x")));
    assertThat(e.decide(tool("t1"), p).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("t2"), p).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("t3", Map.of("email", "bob@example.com")), p).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("t3", Map.of("email", "bob@example.com", "blocked", true)), p).effect()).isEqualTo(Effect.DENY);
    assertThat(e.decide(tool("t3", Map.of("email", "bob@exampleXcom")), p).effect()).isEqualTo(Effect.DENY);
    assertThat(e.decide(tool("t4", Map.of("path", "/var/app.log")), p).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("t5", Map.of("n", 2)), p).effect()).isEqualTo(Effect.DENY);
    assertThat(e.decide(tool("t5", Map.of("n", 3.0)), p).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("t6", Map.of("amount", 500.5)), p).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("t6", Map.of("amount", 500.51)), p).effect()).isEqualTo(Effect.DENY);
    assertThat(e.decide(tool("t7", Map.of("tags", List.of("a"))), p).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("t7", Map.of("tags", List.of("x"))), p).effect()).isEqualTo(Effect.DENY);
    assertThat(e.decide(tool("t8", Map.of("items", List.of(1, 2, 3), "name", "BOB")), p).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("t9"), p).effect()).isEqualTo(Effect.PERMIT);
  }

  @Test
  void regexIsLinearTimeOnHostileInput() {
    PolicyEngine e = engine("agent a { deny t when args.s matches \"(a+)+$\"  default permit }");
    String hostile = "a".repeat(50_000) + "!";
    long start = System.nanoTime();
    Decision d = e.decide(tool("t", Map.of("s", hostile)), dev("a"));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(d.effect()).isEqualTo(Effect.PERMIT);
    assertThat(millis).isLessThan(2_000); // java.util.regex needs exponential time here
  }

  @Test
  void httpClauses() {
    PolicyEngine e = engine("""
        agent a {
          permit http/post host "api.openai.com" path "/v1/**"
          permit http/get host "*.example.com" port 8000-8999 query token=abc*
          permit http/* method GET, HEAD host "docs.internal"
        }
        """);
    assertThat(e.decide(http("POST", "https://api.openai.com/v1/chat/completions"), dev("a")).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(http("POST", "https://API.OPENAI.COM/v1/x"), dev("a")).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(http("POST", "https://api.openai.com/v2/x"), dev("a")).effect()).isEqualTo(Effect.DENY);
    assertThat(e.decide(http("GET", "http://a.example.com:8080/x?token=abc123"), dev("a")).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(http("GET", "http://a.example.com:9090/x?token=abc123"), dev("a")).effect()).isEqualTo(Effect.DENY);
    assertThat(e.decide(http("GET", "http://a.b.example.com:8080/x?token=abc"), dev("a")).effect()).isEqualTo(Effect.DENY);
    assertThat(e.decide(http("GET", "http://a.example.com:8080/x"), dev("a")).effect()).isEqualTo(Effect.DENY);
    assertThat(e.decide(http("HEAD", "http://docs.internal/"), dev("a")).effect()).isEqualTo(Effect.PERMIT);
  }

  @Test
  void credentialsGoOnlyWithPermitsInScope() {
    PolicyEngine e = engine("""
        credential "k" { path = "K" env = ["K"] hosts = ["api.x.com"] scope = ["http/*"] }
        credential "db" { path = "DB" env = ["DB"] hosts = ["db.x.com"] scope = ["sql/query"] }
        agent a {
          permit http/post
          permit sql/query
          deny http/delete
        }
        """);
    Decision post = e.decide(http("POST", "https://api.x.com/"), dev("a"));
    assertThat(post.credentials()).extracting(CredentialBinding::name).containsExactly("k");
    assertThat(post.credentials().get(0).allowsHost("api.x.com")).isTrue();
    assertThat(post.credentials().get(0).allowsHost("evil.com")).isFalse();
    assertThat(e.decide(tool("sql/query"), dev("a")).credentials()).extracting(CredentialBinding::name).containsExactly("db");
    assertThat(e.decide(http("DELETE", "https://api.x.com/"), dev("a")).credentials()).isEmpty();
  }

  @Test
  void shadowAndAuditModes() {
    String fpl = "agent a { deny x reason: \"no\" }";
    Decision shadow = engine(fpl, Mode.SHADOW, new Fixtures.ManualClock()).decide(tool("x"), dev("a"));
    assertThat(shadow.effect()).isEqualTo(Effect.SHADOW_PERMIT);
    assertThat(shadow.actualEffect()).isEqualTo(Effect.DENY);
    assertThat(shadow.reasonCode()).isEqualTo(ReasonCodes.SHADOW_PASSTHROUGH);
    assertThat(shadow.allowsCall()).isTrue();
    Decision audit = engine(fpl, Mode.AUDIT, new Fixtures.ManualClock()).decide(tool("x"), dev("a"));
    assertThat(audit.effect()).isEqualTo(Effect.SHADOW_PERMIT);
    assertThat(audit.reasonCode()).isEqualTo(ReasonCodes.AUDIT_PASSTHROUGH);
    assertThat(engine("runtime { mode = \"shadow\" } " + fpl).mode()).isEqualTo(Mode.SHADOW);
  }

  @Test
  void rateLimitsArePerVerifiedIdentityWithRetryAfter() {
    Fixtures.ManualClock clock = new Fixtures.ManualClock();
    PolicyEngine e = engine("agent a { permit x/*  rate_limit x/*: 2 per minute }", null, clock);
    Principal one = Fixtures.verified("a", "spiffe://t/one", Map.of());
    Principal two = Fixtures.verified("a", "spiffe://t/two", Map.of());
    Principal oneAgain = Fixtures.verified("a", "spiffe://t/one", Map.of());
    assertThat(e.decide(tool("x/a"), one).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("x/b"), oneAgain).effect()).isEqualTo(Effect.PERMIT);
    clock.advanceSeconds(20);
    Decision limited = e.decide(tool("x/a"), one);
    assertThat(limited.effect()).isEqualTo(Effect.DENY);
    assertThat(limited.reasonCode()).isEqualTo(ReasonCodes.RATE_EXCEEDED);
    assertThat(limited.retryAfterSeconds()).isEqualTo(40);
    assertThat(e.decide(tool("x/a"), two).effect()).isEqualTo(Effect.PERMIT);
    clock.advanceSeconds(41);
    assertThat(e.decide(tool("x/a"), one).effect()).isEqualTo(Effect.PERMIT);
  }

  @Test
  void denialsDoNotConsumeRateLimit() {
    Fixtures.ManualClock clock = new Fixtures.ManualClock();
    PolicyEngine e = engine("agent a { permit x when args.ok == true  rate_limit x: 1 per hour }", null, clock);
    Principal p = dev("a");
    assertThat(e.decide(tool("x", Map.of("ok", false)), p).effect()).isEqualTo(Effect.DENY);
    assertThat(e.decide(tool("x", Map.of("ok", true)), p).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("x", Map.of("ok", true)), p).reasonCode()).isEqualTo(ReasonCodes.RATE_EXCEEDED);
  }

  @Test
  void budgetsPerIdentityAndDay() {
    Fixtures.ManualClock clock = new Fixtures.ManualClock();
    PolicyEngine e = engine("""
        agent a {
          permit refund
          permit lookup
          budget refunds { daily $500 cost args.amount tools = ["refund"] on_exceed deny }
          budget calls { max_calls 3 tools = ["lookup"] }
        }
        """, null, clock);
    Principal p = Fixtures.verified("a", "spiffe://t/p", Map.of());
    Principal q = Fixtures.verified("a", "spiffe://t/q", Map.of());
    assertThat(e.decide(tool("refund", Map.of("amount", 300)), p).effect()).isEqualTo(Effect.PERMIT);
    Decision over = e.decide(tool("refund", Map.of("amount", 250)), p);
    assertThat(over.effect()).isEqualTo(Effect.DENY);
    assertThat(over.reasonCode()).isEqualTo(ReasonCodes.BUDGET_DAILY_EXCEEDED);
    assertThat(e.decide(tool("refund", Map.of("amount", 200)), p).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("refund", Map.of("amount", 450)), q).effect()).isEqualTo(Effect.PERMIT);
    clock.advanceSeconds(86_400);
    assertThat(e.decide(tool("refund", Map.of("amount", 450)), p).effect()).isEqualTo(Effect.PERMIT);
    for (int k = 0; k < 3; k++) {
      assertThat(e.decide(tool("lookup"), p).effect()).isEqualTo(Effect.PERMIT);
    }
    assertThat(e.decide(tool("lookup"), p).reasonCode()).isEqualTo(ReasonCodes.SESSION_TOOL_LIMIT);
    assertThat(e.decide(tool("refund", Map.of("amount", -5)), q).reasonCode()).isEqualTo(ReasonCodes.EXPR_RUNTIME_ERROR);
  }

  @Test
  void budgetDailyBlockReadsAsDailyCap() {
    Fixtures.ManualClock clock = new Fixtures.ManualClock();
    PolicyEngine e = engine("agent a { permit pay  budget daily { max = $100 cost args.amount } }", null, clock);
    assertThat(e.decide(tool("pay", Map.of("amount", 100)), dev("a")).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("pay", Map.of("amount", 1)), dev("a")).reasonCode()).isEqualTo(ReasonCodes.BUDGET_DAILY_EXCEEDED);
    clock.advanceSeconds(86_400);
    assertThat(e.decide(tool("pay", Map.of("amount", 1)), dev("a")).effect()).isEqualTo(Effect.PERMIT);
  }

  @Test
  void phasesMoveWithTime() {
    Fixtures.ManualClock clock = new Fixtures.ManualClock();
    PolicyEngine e = engine("""
        agent a {
          phase intake { permit read_customer  duration 1h  next review }
          phase review { permit approve_refund }
        }
        """, null, clock);
    assertThat(e.decide(tool("read_customer"), dev("a")).effect()).isEqualTo(Effect.PERMIT);
    assertThat(e.decide(tool("approve_refund"), dev("a")).effect()).isEqualTo(Effect.DENY);
    clock.advanceSeconds(3601);
    assertThat(e.decide(tool("read_customer"), dev("a")).effect()).isEqualTo(Effect.DENY);
    assertThat(e.decide(tool("approve_refund"), dev("a")).effect()).isEqualTo(Effect.PERMIT);
  }

  @Test
  void historyFunctions() {
    PolicyEngine e = engine("""
        agent a {
          deny http/post when history_sequence("read_file", "summarize") reason: "exfil pattern"
          permit read_file
          permit summarize
          permit http/post
          permit count when history_tool_count("read_file") >= 2
        }
        """);
    Principal p = dev("a");
    assertThat(e.decide(http("POST", "https://x.com/"), p).effect()).isEqualTo(Effect.PERMIT);
    e.decide(tool("read_file"), p);
    assertThat(e.decide(tool("count"), p).effect()).isEqualTo(Effect.DENY);
    e.decide(tool("summarize"), p);
    e.decide(tool("read_file"), p);
    assertThat(e.decide(http("POST", "https://x.com/"), p).reason()).isEqualTo("exfil pattern");
    assertThat(e.decide(tool("count"), p).effect()).isEqualTo(Effect.PERMIT);
  }

  @Test
  void undeclaredAgentGetsFlatRulesAndDenies() {
    PolicyEngine e = engine("""
        agent known { permit x }
        permit public/ping
        """);
    assertThat(e.decide(tool("public/ping"), dev("stranger")).effect()).isEqualTo(Effect.PERMIT);
    Decision d = e.decide(tool("x"), dev("stranger"));
    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(d.reasonCode()).isEqualTo(ReasonCodes.UNKNOWN_AGENT);
  }

  @Test
  void unverifiedOrExpiredIdentityIsDenied() {
    Fixtures.ManualClock clock = new Fixtures.ManualClock();
    PolicyEngine e = engine("agent a { default permit }", null, clock);
    Principal unverified = Principal.builder("a", "spiffe://t/a").build();
    assertThat(e.decide(tool("x"), unverified).reasonCode()).isEqualTo(ReasonCodes.IDENTITY_UNVERIFIED);
    Principal soon = Principal.builder("a", "spiffe://t/a").verified(true)
        .expiry(Instant.ofEpochMilli(clock.millis() + 1000)).build();
    assertThat(e.decide(tool("x"), soon).effect()).isEqualTo(Effect.PERMIT);
    clock.advanceSeconds(2);
    assertThat(e.decide(tool("x"), soon).reasonCode()).isEqualTo(ReasonCodes.IDENTITY_EXPIRED);
  }

  @Test
  void conditionFreePermitSharesOneDecisionObject() {
    PolicyEngine e = engine("agent a { permit x }");
    assertThat(e.decide(tool("x"), dev("a"))).isSameAs(e.decide(tool("x"), dev("a")));
  }

  @Test
  void manyToolIdsDoNotGrowTheCacheWithoutBound() {
    PolicyEngine e = engine("agent a { permit t/* }");
    for (int k = 0; k < 20_000; k++) {
      assertThat(e.decide(tool("t/" + k), dev("a")).effect()).isEqualTo(Effect.PERMIT);
    }
  }

  @Test
  void argsAreReadNotCopied() {
    Map<String, Object> args = new HashMap<>();
    args.put("amount", 10);
    PolicyEngine e = engine("agent a { permit x when args.amount < 20 }");
    assertThat(e.decide(tool("x", args), dev("a")).effect()).isEqualTo(Effect.PERMIT);
    args.put("amount", 30);
    assertThat(e.decide(tool("x", args), dev("a")).effect()).isEqualTo(Effect.DENY);
  }
}
