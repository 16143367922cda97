import Foundation
import GRDB
import WirewatchCore

/// Reading back the articles `commit` keeps, for `rules backtest`: newest first, and within one
/// commit (one `stored_at`) in the reverse of the order it wrote them (rowid), so that read
/// backwards they come in the daemon's order.
extension SQLiteStore {
    public func recentArticles(since: Date, limit: Int) throws -> [StoredArticle] {
        try db.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT body, stored_at FROM article WHERE stored_at >= ? ORDER BY stored_at DESC, rowid DESC LIMIT ?
                """, arguments: [since, limit])
            let decoder = JSONDecoder()
            return rows.compactMap { row in
                // A row this version cannot decode is skipped, not fatal: backtesting reads history.
                guard let body: Data = row["body"], let article = try? decoder.decode(Article.self, from: body) else { return nil }
                return StoredArticle(article: article, storedAt: row["stored_at"])
            }
        }
    }
}
