package dev.careflow.platform;

import java.sql.PreparedStatement;
import java.util.Collection;
import org.springframework.jdbc.core.PreparedStatementCreator;

/** Statements of Careflow's own tables whose one parameter is a PostgreSQL {@code text[]} ({@code = any(?)}). */
public final class TextArrayStatements {

    private TextArrayStatements() {}

    /** The statement with the values bound as its one {@code text[]} parameter. */
    public static PreparedStatementCreator anyOf(String sql, Collection<String> values) {
        return connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            statement.setArray(1, connection.createArrayOf("text", values.toArray()));
            return statement;
        };
    }
}
