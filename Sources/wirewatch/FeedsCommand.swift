import ArgumentParser
import Daemon
import Foundation
import Store

struct FeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds", abstract: "Show each feed's last fetch and result, next poll, interval, error streak and articles seen.")

    @OptionGroup var options: ConfigOption
    @Flag(help: "Print a JSON array, one object per feed.") var json = false

    func run() throws {
        let config = try configToRead(options.config)
        if let path = config.store.filePath { try refuseStoreFile(path) }
        if let path = config.store.filePath, let gone = storeGoneUnderDaemon(path) { throw gone }
        let rows: [FeedStatus]
        do {
            rows = try FeedStatus.load(config: config)
        } catch {
            throw storeRefusal(error, path: config.storePath, failing: "cannot read the store")
        }
        if let path = config.store.filePath, let full = StoreFilesystemRoom.warning(storePath: path) { warn(full) }
        if json {
            try printJSON(rows)
        } else {
            print(FeedStatusTable.render(rows, now: Date(), lateEdits: config.poll.lateEdits))
            // "due" read as if a daemon were about to poll (exploratory finding of stop 33).
            if let path = config.store.filePath, StoreLock.holder(storePath: path) == nil, !rows.isEmpty {
                print("no daemon runs on this store: what is due is polled when one starts")
            }
        }
    }
}
