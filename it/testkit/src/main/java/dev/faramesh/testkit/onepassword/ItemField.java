package dev.faramesh.testkit.onepassword;

/**
 * One field of a 1Password item as Connect returns it: a label, a type ({@code STRING},
 * {@code CONCEALED}, ...), an optional purpose ({@code USERNAME}, {@code PASSWORD}, {@code NOTES})
 * and the value.
 */
public record ItemField(String label, String type, String purpose, String value) {

    public static ItemField username(String value) {
        return new ItemField("username", "STRING", "USERNAME", value);
    }

    public static ItemField password(String value) {
        return new ItemField("password", "CONCEALED", "PASSWORD", value);
    }

    /** A concealed field without a purpose, e.g. an API credential's {@code credential} field. */
    public static ItemField concealed(String label, String value) {
        return new ItemField(label, "CONCEALED", null, value);
    }

    ItemField withValue(String newValue) {
        return new ItemField(label, type, purpose, newValue);
    }

    @Override
    public String toString() {
        return "ItemField[" + label + ", " + type + "]";
    }
}
