/// Why a store cannot be used, in one line that names it (an older wirewatch's store, a file that is not a usable
/// store, one this user may not read): the commands say it as it is, after no prefix of their own.
public protocol StoreRefusal: Error, CustomStringConvertible {}
