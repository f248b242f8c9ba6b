package dev.careflow.platform;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which resource types the full-text index holds ({@code careflow.storage.full-text-types}): extracting a resource's
 * words and indexing them in Lucene is the largest cost of a write after the database, so only the types a care team
 * searches by their words are indexed. {@code *} indexes every type, an empty list none.
 *
 * @param all every type is indexed
 * @param types the types indexed, when not all
 */
public record FullTextTypes(boolean all, Set<String> types) {

    public static final String ALL = "*";

    public FullTextTypes {
        types = Collections.unmodifiableSortedSet(new TreeSet<>(types));
    }

    /** From the setting's values: {@code *} among them means every type; blanks are ignored. */
    public static FullTextTypes of(List<String> configured) {
        Set<String> types = new TreeSet<>();
        boolean all = false;
        for (String value : configured == null ? List.<String>of() : configured) {
            String type = value == null ? "" : value.trim();
            if (ALL.equals(type)) {
                all = true;
            } else if (!type.isEmpty()) {
                types.add(type);
            }
        }
        return new FullTextTypes(all, all ? Set.of() : types);
    }

    /** Whether a resource of this type has its words indexed. */
    public boolean indexes(String resourceType) {
        return all || types.contains(resourceType);
    }

    /** Whether no type at all is indexed. */
    public boolean none() {
        return !all && types.isEmpty();
    }

    /**
     * Why a full-text search on this type (null: across every type) cannot be answered, or null when it can: a type
     * left out of the index would answer nothing, silently.
     */
    public String refusal(String resourceType) {
        if (resourceType == null || resourceType.isEmpty()) {
            return all
                    ? null
                    : "A full-text search (_content, _text) across every type needs every type indexed"
                            + " (careflow.storage.full-text-types=*); search one type instead: " + describe();
        }
        if (indexes(resourceType)) {
            return null;
        }
        return resourceType + " is not in the full-text index, so _content and _text cannot search it"
                + " (careflow.storage.full-text-types: " + describe() + ")";
    }

    private String describe() {
        if (all) {
            return ALL;
        }
        return types.isEmpty() ? "none" : String.join(", ", types);
    }
}
