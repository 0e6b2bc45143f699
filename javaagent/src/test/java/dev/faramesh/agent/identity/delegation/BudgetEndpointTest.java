package dev.faramesh.agent.identity.delegation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faramesh.broker.launcher.LineChannel;
import dev.faramesh.identity.IdentityException;
import dev.faramesh.policy.Policy;
import dev.faramesh.policy.ReasonCodes;
import dev.faramesh.policy.engine.Budget;
import dev.faramesh.policy.engine.BudgetLedger;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The budget endpoint and its wire format, with the worker's real client over a real Unix domain
 * socket: charges reach the supervisor's ledger only with the launch's secret, for its worker and
 * its inherited budgets; everything else, and an endpoint that is gone or answers garbage, is
 * refused with a reason code and charges nothing.
 */
class BudgetEndpointTest {

  private static final String POLICY = """
      agent "supervisor" {
        spawn { allow = ["worker-research"] }
        delegate { to = ["worker-research"] inherits = ["budget.daily"] }
        budget daily { daily $100 cost args.amount }
        budget other { max $5 cost args.amount }
        permit *
      }
      agent "worker-research" { permit * }
      """;
  private static final String SUPERVISOR_ID = "spiffe://example.org/agents/supervisor";

  @TempDir
  Path dir;

  private static Map<String, Budget> budgets(Policy p) {
    Map<String, Budget> out = new LinkedHashMap<>();
    for (Budget b : p.agent("supervisor").rules().budgets()) {
      out.put(b.name(), b);
    }
    return out;
  }

  @Test
  void theWireFormatIsStrict() throws Exception {
    String line = BudgetWire.charge("s3cret", "worker-research", Map.of("daily", 12.5));
    BudgetWire.Charge c = BudgetWire.readCharge(line);
    assertThat(c.secret()).isEqualTo("s3cret");
    assertThat(c.worker()).isEqualTo("worker-research");
    assertThat(c.amounts()).containsExactly(Map.entry("daily", 12.5));
    assertThat(c.toString()).doesNotContain("s3cret");
    for (String bad : List.of("", "[]", "{", "null", "{\"v\":2,\"op\":\"charge\",\"secret\":\"s\",\"worker\":\"w\","
            + "\"charges\":[{\"budget\":\"daily\",\"amount\":1}]}",
        "{\"v\":1,\"op\":\"charge\",\"secret\":\"s\",\"worker\":\"w\",\"charges\":[]}",
        "{\"v\":1,\"op\":\"charge\",\"secret\":1,\"worker\":\"w\",\"charges\":[{\"budget\":\"daily\",\"amount\":1}]}",
        "{\"v\":1,\"op\":\"charge\",\"secret\":\"s\",\"worker\":\"w\",\"charges\":[{\"budget\":\"daily\",\"amount\":-1}]}",
        "{\"v\":1,\"op\":\"charge\",\"secret\":\"s\",\"worker\":\"w\",\"charges\":[{\"budget\":\"daily\",\"amount\":\"1\"}]}",
        "{\"v\":1,\"op\":\"charge\",\"secret\":\"s\",\"worker\":\"w\",\"charges\":[{\"budget\":\"daily\",\"amount\":1},"
            + "{\"budget\":\"daily\",\"amount\":1}]}",
        "{\"v\":1,\"op\":\"refund\",\"secret\":\"s\",\"worker\":\"w\",\"charges\":[{\"budget\":\"daily\",\"amount\":1}]}")) {
      assertThatThrownBy(() -> BudgetWire.readCharge(bad)).as(bad).isInstanceOf(BudgetWire.MalformedException.class);
    }
    BudgetWire.Answer ok = BudgetWire.readAnswer(BudgetWire.granted(Map.of("daily", 60.0)));
    assertThat(ok.ok()).isTrue();
    assertThat(ok.remaining()).containsExactly(Map.entry("daily", 60.0));
    BudgetWire.Answer no = BudgetWire.readAnswer(BudgetWire.refused("BUDGET_DAILY_EXCEEDED", "daily", "m", Map.of()));
    assertThat(no.ok()).isFalse();
    assertThat(no.code()).isEqualTo("BUDGET_DAILY_EXCEEDED");
    assertThat(no.budget()).isEqualTo("daily");
    for (String bad : List.of("{}", "{\"ok\":\"true\"}", "{\"ok\":false}", "{\"ok\":false,\"code\":\"lower case\"}",
        "{\"ok\":true,\"remaining\":{\"daily\":\"x\"}}", "[true]")) {
      assertThatThrownBy(() -> BudgetWire.readAnswer(bad)).as(bad).isInstanceOf(BudgetWire.MalformedException.class);
    }
  }

  @Test
  void aWorkerChargesTheSupervisorsLedgerUntilItIsExhausted() throws Exception {
    Policy p = Policy.parse("governance.fms", POLICY);
    Map<String, Budget> all = budgets(p);
    Budget daily = all.get("daily");
    try (BudgetEndpoint endpoint = BudgetEndpoint.start(dir, Clock.systemUTC())) {
      Path socketDir = endpoint.socket().getParent();
      assertThat(Files.getPosixFilePermissions(socketDir)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
      assertThat(Files.getPosixFilePermissions(endpoint.socket())).containsExactlyInAnyOrder(
          PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      BudgetEndpoint.Ticket t = endpoint.open(new BudgetEndpoint.Grant("worker-research", "supervisor",
          Map.of("daily", daily), () -> SUPERVISOR_ID));
      assertThat(t.toString()).doesNotContain(t.secret());
      RemoteBudget remote = new RemoteBudget(t.socket(), t.secret(), "worker-research", "supervisor",
          Duration.ofSeconds(2));
      assertThat(remote.toString()).doesNotContain(t.secret());
      assertThat(remote.charge(List.of(daily), new double[] {40})).isNull();
      assertThat(remote.charge(List.of(daily), new double[] {40})).isNull();
      BudgetLedger.Refusal r = remote.charge(List.of(daily), new double[] {40});
      assertThat(r.reasonCode()).isEqualTo(ReasonCodes.BUDGET_DAILY_EXCEEDED);
      assertThat(r.message()).contains("budget daily").contains("inherited from the supervisor supervisor")
          .contains("$20.0 left");
      // the supervisor's own ledger holds the spending, under its identity
      assertThat(daily.spent(SUPERVISOR_ID)[1]).isEqualTo(80);
      assertThat(remote.charge(List.of(daily), new double[] {20})).isNull();
      assertThat(daily.spent(SUPERVISOR_ID)[1]).isEqualTo(100);
    }
  }

  @Test
  void onlyTheLaunchsSecretWorkerAndInheritedBudgetsAreServed() throws Exception {
    Policy p = Policy.parse("governance.fms", POLICY);
    Map<String, Budget> all = budgets(p);
    Budget daily = all.get("daily");
    Budget other = all.get("other");
    try (BudgetEndpoint endpoint = BudgetEndpoint.start(dir, Clock.systemUTC())) {
      BudgetEndpoint.Ticket t = endpoint.open(new BudgetEndpoint.Grant("worker-research", "supervisor",
          Map.of("daily", daily), () -> SUPERVISOR_ID));
      Duration timeout = Duration.ofSeconds(2);
      BudgetLedger.Refusal wrongSecret = new RemoteBudget(t.socket(), t.secret() + "x", "worker-research",
          "supervisor", timeout).charge(List.of(daily), new double[] {1});
      assertThat(wrongSecret.reasonCode()).isEqualTo(ReasonCodes.BUDGET_ENDPOINT_REFUSED);
      assertThat(wrongSecret.message()).doesNotContain(t.secret());
      BudgetLedger.Refusal otherWorker = new RemoteBudget(t.socket(), t.secret(), "worker-writer", "supervisor",
          timeout).charge(List.of(daily), new double[] {1});
      assertThat(otherWorker.reasonCode()).isEqualTo(ReasonCodes.BUDGET_ENDPOINT_REFUSED);
      BudgetLedger.Refusal notInherited = new RemoteBudget(t.socket(), t.secret(), "worker-research", "supervisor",
          timeout).charge(List.of(daily, other), new double[] {1, 1});
      assertThat(notInherited.reasonCode()).isEqualTo(ReasonCodes.BUDGET_ENDPOINT_REFUSED);
      assertThat(notInherited.message()).contains("does not let worker-research spend budget other");
      assertThat(endpoint.answer("garbage")).contains("BUDGET_ENDPOINT_REFUSED").contains("malformed");
      // a negative amount would refund: refused as malformed
      assertThat(endpoint.answer("{\"v\":1,\"op\":\"charge\",\"secret\":\"" + t.secret() + "\",\"worker\":"
          + "\"worker-research\",\"charges\":[{\"budget\":\"daily\",\"amount\":-50}]}"))
          .contains("BUDGET_ENDPOINT_REFUSED");
      // a supervisor without a verified identity charges nothing
      BudgetEndpoint.Ticket unattested = endpoint.open(new BudgetEndpoint.Grant("worker-research", "supervisor",
          Map.of("daily", daily), () -> {
            throw IdentityException.of(ReasonCodes.IDENTITY_EXPIRED, "expired");
          }));
      assertThat(new RemoteBudget(unattested.socket(), unattested.secret(), "worker-research", "supervisor", timeout)
          .charge(List.of(daily), new double[] {1}).reasonCode()).isEqualTo(ReasonCodes.IDENTITY_EXPIRED);
      assertThat(daily.spent(SUPERVISOR_ID)).containsExactly(0, 0);
      assertThat(other.spent(SUPERVISOR_ID)).containsExactly(0, 0);
    }
  }

  @Test
  void anEndpointThatIsGoneSilentOrGarbledIsUnavailable() throws Exception {
    Policy p = Policy.parse("governance.fms", POLICY);
    Budget daily = budgets(p).get("daily");
    BudgetEndpoint endpoint = BudgetEndpoint.start(dir, Clock.systemUTC());
    BudgetEndpoint.Ticket t = endpoint.open(new BudgetEndpoint.Grant("worker-research", "supervisor",
        Map.of("daily", daily), () -> SUPERVISOR_ID));
    endpoint.close();
    assertThat(Files.exists(t.socket())).isFalse();
    RemoteBudget gone = new RemoteBudget(t.socket(), t.secret(), "worker-research", "supervisor", Duration.ofSeconds(2));
    assertThat(gone.charge(List.of(daily), new double[] {1}).reasonCode())
        .isEqualTo(ReasonCodes.BUDGET_ENDPOINT_UNAVAILABLE);

    Path fake = dir.resolve("fake.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(fake));
      for (String answer : List.of("{\"ok\":\"yes\"}", "not json", "SILENT")) {
        Thread t2 = new Thread(() -> {
          try (SocketChannel ch = server.accept(); LineChannel c = new LineChannel(ch, Duration.ofSeconds(5))) {
            c.read();
            if (answer.equals("SILENT")) {
              Thread.sleep(1500);
            } else {
              c.write(answer);
            }
          } catch (IOException | InterruptedException e) {
            // the client went away
          }
        });
        t2.start();
        BudgetLedger.Refusal r = new RemoteBudget(fake, "s", "worker-research", "supervisor", Duration.ofMillis(500))
            .charge(List.of(daily), new double[] {1});
        assertThat(r.reasonCode()).as(answer).isEqualTo(ReasonCodes.BUDGET_ENDPOINT_UNAVAILABLE);
        t2.join();
      }
    }
    assertThat(daily.spent(SUPERVISOR_ID)).containsExactly(0, 0);
  }

  @Test
  void theGrantTravelsOnlyInHiddenVariables() {
    assertThat(RemoteBudget.VARIABLES).containsExactlyInAnyOrder("FARAMESH_BUDGET_SOCKET", "FARAMESH_BUDGET_SECRET",
        "FARAMESH_BUDGET_SUPERVISOR");
    assertThat(RemoteBudget.from(Map.of(), "worker-research")).isNull();
    assertThat(RemoteBudget.from(Map.of("FARAMESH_BUDGET_SOCKET", "/x", "FARAMESH_BUDGET_SECRET", "s"),
        "worker-research")).isNull();
    RemoteBudget r = RemoteBudget.from(Map.of("FARAMESH_BUDGET_SOCKET", "/x", "FARAMESH_BUDGET_SECRET", "s",
        "FARAMESH_BUDGET_SUPERVISOR", "supervisor"), "worker-research");
    assertThat(r.supervisor()).isEqualTo("supervisor");
    assertThat(Set.of(r.toString())).noneMatch(s -> s.contains("FARAMESH_BUDGET_SECRET"));
  }
}
