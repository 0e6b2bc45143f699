package dev.faramesh.it.apps;

import com.google.common.collect.ImmutableList;
import com.google.common.hash.Hashing;
import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.logging.Logger;

/**
 * An application that brings its own gRPC, Guava, protobuf and nimbus, in versions other than the
 * ones the agent uses for its identity providers: it prints where each library was loaded from,
 * uses each, shows its gRPC and SPIFFE log levels are its own, and makes one governed HTTP call
 * (the URL is its first argument).
 */
public final class ForeignLibrariesApp {

  private ForeignLibrariesApp() {}

  public static void main(String[] args) throws Exception {
    System.out.println("APP STARTED");
    System.out.println("grpc.jar=" + jarOf(Status.class));
    System.out.println("guava.jar=" + jarOf(ImmutableList.class));
    System.out.println("protobuf.jar=" + jarOf(Timestamp.class));
    System.out.println("nimbus.jar=" + jarOf(SignedJWT.class));

    Metadata headers = new Metadata();
    Metadata.Key<String> key = Metadata.Key.of("x-app", Metadata.ASCII_STRING_MARSHALLER);
    headers.put(key, "app-value");
    Context.Key<String> ctx = Context.key("app");
    String inContext = Context.current().withValue(ctx, headers.get(key)).call(ctx::get);
    System.out.println("grpc=" + Status.PERMISSION_DENIED.withDescription(inContext).asRuntimeException().getMessage());
    // the agent silences its own gRPC and java-spiffe loggers; the application's must stay as they are
    System.out.println("grpc.log=" + Logger.getLogger("io.grpc").getLevel() + "," + Logger.getLogger("io.spiffe").getLevel());

    System.out.println("guava=" + ImmutableList.of("a", "b").reverse() + ","
        + Hashing.sha256().hashString("faramesh", StandardCharsets.UTF_8).toString().substring(0, 8));

    Timestamp ts = Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(7).build();
    Timestamp back = Timestamp.parseFrom(ts.toByteArray());
    System.out.println("protobuf=" + back.getSeconds() + "." + back.getNanos() + "," + Any.pack(back).getTypeUrl());

    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("app").build());
    jwt.sign(new MACSigner(secret));
    SignedJWT parsed = SignedJWT.parse(jwt.serialize());
    System.out.println("nimbus=" + parsed.verify(new MACVerifier(secret)) + "," + parsed.getJWTClaimsSet().getSubject());

    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(args[0])).build(),
        HttpResponse.BodyHandlers.ofString());
    System.out.println("http=" + r.statusCode() + " " + r.body());
    System.out.println("APP DONE");
  }

  private static String jarOf(Class<?> c) {
    String path = c.getProtectionDomain().getCodeSource().getLocation().getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
