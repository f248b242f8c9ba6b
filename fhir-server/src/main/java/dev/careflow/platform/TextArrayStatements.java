package dev.careflow.platform;

import java.sql.PreparedStatement;
import java.util.Collection;
import org.springframework.jdbc.core.PreparedStatementCreator;

/**
 * Statements whose last parameter is a PostgreSQL {@code text[]} ({@code = any(?)}), on Careflow's own tables or, read
 * only, HAPI's ({@link JdbcReferenceIndex}).
 */
public final class TextArrayStatements {

    private TextArrayStatements() {}

    /**
     * The statement with the {@code leading} strings bound as its first parameters, in order, and the values as its last
     * one, a {@code text[]}.
     */
    public static PreparedStatementCreator anyOf(String sql, Collection<String> values, String... leading) {
        return connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            for (int i = 0; i < leading.length; i++) {
                statement.setString(i + 1, leading[i]);
            }
            statement.setArray(leading.length + 1, connection.createArrayOf("text", values.toArray()));
            return statement;
        };
    }
}
