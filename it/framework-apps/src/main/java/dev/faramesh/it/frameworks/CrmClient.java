package dev.faramesh.it.frameworks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * What a tool does with a credential: a GET with {@code Authorization: Bearer $CRM_TOKEN} (the
 * application reads the variable as it always would, and under the agent gets a placeholder).
 */
public final class CrmClient {

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private CrmClient() {}

  /** {@code status=<code>} or {@code threw <exception>}. */
  public static String get(String url) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url))
          .header("Authorization", "Bearer " + System.getenv("CRM_TOKEN")).GET().build();
      return "status=" + CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (Exception e) {
      return "threw " + e;
    }
  }
}
