package dev.faramesh.identity.aws;

import dev.faramesh.identity.IdentityException;
import dev.faramesh.policy.ReasonCodes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * STS query-protocol responses: the member values of a result, and the error code of an
 * {@code ErrorResponse} mapped to the identity reason code it means. Parsed with the JDK's DOM
 * parser with DTDs and external entities off.
 */
final class StsXml {

  private final Document doc;

  private StsXml(Document doc) {
    this.doc = doc;
  }

  static StsXml parse(String xml) throws IdentityException {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(false);
      return new StsXml(f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
    } catch (Exception e) {
      throw IdentityException.of(ReasonCodes.IDENTITY_INVALID, "STS answered something that is not its XML");
    }
  }

  /** The text of the first element named {@code name}, or {@code null}. */
  String text(String name) {
    NodeList nodes = doc.getElementsByTagName(name);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
  }

  /** The refusal an {@code ErrorResponse} stands for. */
  IdentityException error(int status, String call) {
    String code = text("Code");
    String reason;
    if (code == null) {
      reason = status >= 500 ? ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE : ReasonCodes.IDENTITY_UNVERIFIED;
    } else {
      switch (code) {
        case "SignatureDoesNotMatch":
        case "IncompleteSignature":
        case "InvalidIdentityToken":
          reason = ReasonCodes.IDENTITY_BAD_SIGNATURE;
          break;
        case "InvalidClientTokenId":
          reason = ReasonCodes.IDENTITY_UNKNOWN_KEY;
          break;
        case "ExpiredToken":
        case "ExpiredTokenException":
        case "RequestExpired":
          reason = ReasonCodes.IDENTITY_EXPIRED;
          break;
        case "AccessDenied":
          reason = ReasonCodes.IDENTITY_NOT_ALLOWED;
          break;
        default:
          reason = status >= 500 ? ReasonCodes.IDENTITY_PROVIDER_UNAVAILABLE : ReasonCodes.IDENTITY_UNVERIFIED;
      }
    }
    return IdentityException.of(reason, "STS refused " + call + ": HTTP " + status + (code == null ? "" : " " + code));
  }
}
