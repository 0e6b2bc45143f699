package dev.faramesh.testkit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What a server was asked, kept for assertions: method, path, the NAMES of the query parameters and
 * headers. Values are never recorded, because headers and query strings carry tokens and bodies carry
 * secrets; a test that needs to know a token was sent asserts the header name and the server's
 * decision instead.
 */
public final class RequestLog {

    /** One request as the server saw it; header names are lower-cased. */
    public record Entry(String method, String path, Set<String> queryNames, Set<String> headerNames) {
        public boolean hasHeader(String name) {
            return headerNames.contains(name.toLowerCase(Locale.ROOT));
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    public void record(String method, String path, Collection<String> queryNames, Collection<String> headerNames) {
        Set<String> headers = new TreeSet<>();
        for (String h : headerNames) {
            headers.add(h.toLowerCase(Locale.ROOT));
        }
        Entry e = new Entry(method, path, Set.copyOf(new TreeSet<>(queryNames)), Set.copyOf(headers));
        synchronized (entries) {
            entries.add(e);
        }
    }

    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    public List<Entry> matching(Predicate<Entry> filter) {
        return entries().stream().filter(filter).toList();
    }

    /** Requests whose path equals {@code path}, in arrival order. */
    public List<Entry> to(String path) {
        return matching(e -> e.path().equals(path));
    }

    public Entry last() {
        synchronized (entries) {
            if (entries.isEmpty()) {
                throw new IllegalStateException("no request recorded");
            }
            return entries.get(entries.size() - 1);
        }
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }
}
