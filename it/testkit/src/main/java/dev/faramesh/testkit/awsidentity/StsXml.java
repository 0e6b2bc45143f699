package dev.faramesh.testkit.awsidentity;

import java.time.temporal.ChronoUnit;

/**
 * The XML documents STS answers with under the AWS query protocol (namespace
 * {@code https://sts.amazonaws.com/doc/2011-06-15/}): GetCallerIdentity and
 * AssumeRoleWithWebIdentity results and the {@code ErrorResponse} envelope. Values are escaped.
 */
final class StsXml {

    private static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";

    private StsXml() {
    }

    static String callerIdentity(AwsPrincipal caller, String requestId) {
        return "<GetCallerIdentityResponse xmlns=\"" + NS + "\">\n"
                + "  <GetCallerIdentityResult>\n"
                + "    <Arn>" + esc(caller.arn()) + "</Arn>\n"
                + "    <UserId>" + esc(caller.userId()) + "</UserId>\n"
                + "    <Account>" + esc(caller.account()) + "</Account>\n"
                + "  </GetCallerIdentityResult>\n"
                + metadata(requestId)
                + "</GetCallerIdentityResponse>\n";
    }

    static String assumedRoleWithWebIdentity(AwsPrincipal session, String subject, String audience, String provider,
                                             String requestId) {
        return "<AssumeRoleWithWebIdentityResponse xmlns=\"" + NS + "\">\n"
                + "  <AssumeRoleWithWebIdentityResult>\n"
                + "    <SubjectFromWebIdentityToken>" + esc(subject) + "</SubjectFromWebIdentityToken>\n"
                + "    <Audience>" + esc(audience) + "</Audience>\n"
                + "    <AssumedRoleUser>\n"
                + "      <Arn>" + esc(session.arn()) + "</Arn>\n"
                + "      <AssumedRoleId>" + esc(session.userId()) + "</AssumedRoleId>\n"
                + "    </AssumedRoleUser>\n"
                + "    <Credentials>\n"
                + "      <SessionToken>" + esc(session.sessionToken()) + "</SessionToken>\n"
                + "      <SecretAccessKey>" + esc(session.secretAccessKey()) + "</SecretAccessKey>\n"
                + "      <Expiration>" + session.expiresAt().truncatedTo(ChronoUnit.SECONDS) + "</Expiration>\n"
                + "      <AccessKeyId>" + esc(session.accessKeyId()) + "</AccessKeyId>\n"
                + "    </Credentials>\n"
                + "    <Provider>" + esc(provider) + "</Provider>\n"
                + "  </AssumeRoleWithWebIdentityResult>\n"
                + metadata(requestId)
                + "</AssumeRoleWithWebIdentityResponse>\n";
    }

    static String error(StsFault fault, String requestId) {
        return "<ErrorResponse xmlns=\"" + NS + "\">\n"
                + "  <Error>\n"
                + "    <Type>" + fault.type() + "</Type>\n"
                + "    <Code>" + esc(fault.code()) + "</Code>\n"
                + "    <Message>" + esc(fault.getMessage()) + "</Message>\n"
                + "  </Error>\n"
                + "  <RequestId>" + requestId + "</RequestId>\n"
                + "</ErrorResponse>\n";
    }

    private static String metadata(String requestId) {
        return "  <ResponseMetadata>\n    <RequestId>" + requestId + "</RequestId>\n  </ResponseMetadata>\n";
    }

    private static String esc(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&apos;");
    }
}
