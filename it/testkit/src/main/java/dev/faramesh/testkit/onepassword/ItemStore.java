package dev.faramesh.testkit.onepassword;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Vaults and items as 1Password Connect exposes them. Ids are 26 lower-case letters and digits, the
 * format the official clients use to tell an id from a title. Each change to an item bumps its
 * version and its vault's content version.
 */
final class ItemStore {
    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One vault. */
    static final class Vault {
        final String id;
        final String name;
        final Instant created;
        Instant updated;
        int contentVersion = 1;
        final Map<String, Item> items = new LinkedHashMap<>();

        Vault(String id, String name, Instant created) {
            this.id = id;
            this.name = name;
            this.created = created;
            this.updated = created;
        }
    }

    /** One item; fields keep their order. */
    static final class Item {
        final String id;
        final String vaultId;
        final String title;
        final String category;
        final Instant created;
        Instant updated;
        int version = 1;
        List<ItemField> fields;

        Item(String id, String vaultId, String title, String category, List<ItemField> fields, Instant created) {
            this.id = id;
            this.vaultId = vaultId;
            this.title = title;
            this.category = category;
            this.fields = List.copyOf(fields);
            this.created = created;
            this.updated = created;
        }
    }

    private final Map<String, Vault> vaults = new LinkedHashMap<>();

    synchronized Vault createVault(String name, Instant now) {
        Vault v = new Vault(newId(), name, now);
        vaults.put(v.id, v);
        return v;
    }

    synchronized Item createItem(String vaultId, String title, String category, List<ItemField> fields, Instant now) {
        Vault v = vault(vaultId).orElseThrow(() -> new IllegalArgumentException("no vault " + vaultId));
        Item item = new Item(newId(), vaultId, title, category, fields, now);
        v.items.put(item.id, item);
        v.contentVersion++;
        v.updated = now;
        return item;
    }

    /** Replaces one field's value; returns the item's new version. */
    synchronized int setField(String vaultId, String itemId, String label, String value, Instant now) {
        Item item = item(vaultId, itemId).orElseThrow(() -> new IllegalArgumentException("no item " + itemId));
        List<ItemField> fields = new ArrayList<>();
        boolean found = false;
        for (ItemField f : item.fields) {
            if (f.label().equals(label)) {
                fields.add(f.withValue(value));
                found = true;
            } else {
                fields.add(f);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("item has no field " + label);
        }
        item.fields = List.copyOf(fields);
        item.version++;
        item.updated = now;
        Vault v = vaults.get(vaultId);
        v.contentVersion++;
        v.updated = now;
        return item.version;
    }

    synchronized Optional<Vault> vault(String id) {
        return Optional.ofNullable(vaults.get(id));
    }

    synchronized List<Vault> vaults() {
        return List.copyOf(vaults.values());
    }

    synchronized Optional<Item> item(String vaultId, String itemId) {
        return vault(vaultId).map(v -> v.items.get(itemId));
    }

    synchronized List<Item> items(String vaultId) {
        return vault(vaultId).map(v -> List.copyOf(v.items.values())).orElse(List.of());
    }

    static String newId() {
        StringBuilder sb = new StringBuilder(26);
        for (int i = 0; i < 26; i++) {
            sb.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
        }
        return sb.toString();
    }
}
