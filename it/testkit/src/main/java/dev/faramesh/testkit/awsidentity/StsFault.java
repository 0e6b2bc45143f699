package dev.faramesh.testkit.awsidentity;

/**
 * An STS error as the query protocol reports it: HTTP status, {@code Type} (Sender/Receiver),
 * {@code Code} and {@code Message}. Thrown inside the server and turned into an
 * {@code <ErrorResponse>} document by {@link StsXml}.
 */
final class StsFault extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    StsFault(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static StsFault signatureDoesNotMatch(String message) {
        return new StsFault(403, "SignatureDoesNotMatch", message);
    }

    static StsFault invalidClientTokenId() {
        return new StsFault(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
    }

    static StsFault accessDenied(String action) {
        return new StsFault(403, "AccessDenied", "Not authorized to perform " + action);
    }

    static StsFault invalidIdentityToken(String message) {
        return new StsFault(400, "InvalidIdentityToken", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    String type() {
        return status >= 500 ? "Receiver" : "Sender";
    }
}
