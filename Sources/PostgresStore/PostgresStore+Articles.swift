import Foundation
import PostgresNIO
import Store
import WirewatchCore

/// Reading back the articles `commit` keeps, for `rules backtest` (SQLiteStore+Articles.swift): newest
/// first, and within one commit in the reverse of the order it wrote them.
extension PostgresStore {
    public func recentArticles(since: Date, limit: Int) throws -> [StoredArticle] {
        try connections.withSession { s in
            let decoder = JSONDecoder()
            return try s.rows("""
                SELECT body, stored_at FROM article WHERE stored_at >= \(since) ORDER BY stored_at DESC, seq DESC LIMIT \(limit)
                """).compactMap { row in
                // A row this version cannot decode is skipped, not fatal: backtesting reads history.
                guard let article = try? decoder.decode(Article.self, from: try row.get("body", as: Data.self)) else { return nil }
                return StoredArticle(article: article, storedAt: try row.get("stored_at"))
            }
        }
    }
}
