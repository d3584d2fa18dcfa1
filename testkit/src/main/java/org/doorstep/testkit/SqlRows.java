package org.doorstep.testkit;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** What a query finds in a service's database, read the way the test reads it: rows of column values. */
public final class SqlRows {

    private SqlRows() {
    }

    public static List<List<Object>> of(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                List<List<Object>> found = new ArrayList<>();
                int columns = row.getMetaData().getColumnCount();
                while (row.next()) {
                    List<Object> values = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        values.add(row.getObject(c));
                    }
                    found.add(values);
                }
                return found;
            }
        }
    }
}
