package dev.faramesh.examples.support;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The support agent's tools: ordinary LangChain4j {@code @Tool} methods that know nothing of
 * Faramesh. Each prints one line when it actually runs, so the output shows which calls the policy
 * let through.
 */
public final class SupportTools {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final String crmUrl;

  public SupportTools(String crmUrl) {
    this.crmUrl = crmUrl;
  }

  @Tool(name = "lookup_customer", value = "Looks a customer up in the CRM by customer id")
  public String lookupCustomer(@P("the customer id") String customerId) {
    // The token is read the way any app reads it; under the agent this is a placeholder, and the
    // agent puts the real value on the wire only for the CRM's host, only during this tool call.
    String answer = get(crmUrl + "/customers/" + customerId, "Bearer " + System.getenv("CRM_API_TOKEN"));
    System.out.println("  tool ran: lookup_customer " + customerId + " -> " + answer);
    return answer;
  }

  @Tool(name = "refund_payment", value = "Refunds an amount in US dollars to a customer")
  public String refundPayment(@P("the customer id") String customerId, @P("the amount in dollars") double amount) {
    System.out.println("  tool ran: refund_payment " + customerId + " $" + amount);
    return "refunded $" + amount + " to customer " + customerId;
  }

  @Tool(name = "fetch_url", value = "Fetches a web page and returns its text")
  public String fetchUrl(@P("the URL") String url) {
    String answer = get(url, null);
    System.out.println("  tool ran: fetch_url " + url + " -> " + answer);
    return answer;
  }

  @Tool(name = "delete_customer", value = "Deletes a customer record")
  public String deleteCustomer(@P("the customer id") String customerId) {
    System.out.println("  tool ran: delete_customer " + customerId);
    return "deleted customer " + customerId;
  }

  static String get(String url, String authorization) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
      if (authorization != null) {
        b.header("Authorization", authorization);
      }
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : "HTTP " + r.statusCode() + ": " + r.body();
    } catch (Exception e) {
      // a refused request is an IOException like any network failure; the model is told why
      return "request failed: " + e.getMessage();
    }
  }
}
