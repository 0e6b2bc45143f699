package dev.faramesh.it.frameworks.springai;

import dev.faramesh.it.frameworks.CrmClient;
import org.springframework.ai.tool.annotation.Tool;

/** Spring AI {@code @Tool} methods of the support agent; each prints a line when it actually runs. */
public final class SupportTools {

  private final String crmUrl;

  public SupportTools(String crmUrl) {
    this.crmUrl = crmUrl;
  }

  @Tool(name = "fetch_crm", description = "Reads a record from the CRM")
  public String fetchCrm(String path) {
    String outcome = CrmClient.get(crmUrl + path);
    System.out.println("TOOL fetch_crm ran " + path + " " + outcome);
    return "crm " + path + " " + outcome;
  }

  @Tool(name = "lookup_customer", description = "Looks a customer up by id")
  public String lookupCustomer(String customerId) {
    System.out.println("TOOL lookup_customer ran " + customerId);
    return "customer " + customerId + ": Ada Lovelace, plan pro";
  }

  @Tool(name = "refund_payment", description = "Refunds an amount in dollars to a customer")
  public String refundPayment(String customerId, double amount) {
    System.out.println("TOOL refund_payment ran " + customerId + " " + amount);
    return "refunded $" + amount + " to " + customerId;
  }
}
