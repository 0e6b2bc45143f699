package dev.faramesh.it.frameworks.springai;

import org.springframework.ai.tool.annotation.Tool;

/** Spring AI {@code @Tool} methods of the support agent; each prints a line when it actually runs. */
public final class SupportTools {

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
