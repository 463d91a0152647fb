import CCurl
import Foundation

/// Ctrl-C for a transfer in flight: the console's interrupt handling sets it (next to PQcancel), curl's progress
/// callback reads it and aborts the transfer.
public final class CancelToken: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    public init() {}
    public func cancel() { lock.withLock { cancelled = true } }
    public var isCancelled: Bool { lock.withLock { cancelled } }
}

/// One HTTP POST through libcurl: TLS verification on, connect and total timeouts, the body streamed to
/// `onData` as it arrives (the return value `false` stops the transfer), cancellation through `CancelToken`.
/// The easy handle and header list are freed on every path.
public enum HTTPClient {
    public struct Response: Sendable {
        public var status: Int
        /// Lower-cased header names.
        public var headers: [String: String]
        /// The body when it was not streamed to a handler that kept it.
        public var body: [UInt8]
    }

    public enum Failure: Error, Equatable, Sendable {
        case unreachable(String)
        case timeout
        case tls(String)
        case cancelled
        case other(String)
    }

    private static let initialized: Bool = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK }()

    /// - Parameters:
    ///   - onData: each chunk of the body as it arrives; return false to stop (the transfer then fails `.cancelled`).
    public static func post(url: String, headers: [String], body: [UInt8], timeout: Double, connectTimeout: Double = 10,
                            cancel: CancelToken? = nil, onData: (([UInt8]) -> Bool)? = nil) throws(Failure) -> Response {
        _ = initialized
        guard let handle = curl_easy_init() else { throw .other("libcurl could not start a transfer") }
        defer { curl_easy_cleanup(handle) }
        var list: UnsafeMutablePointer<curl_slist>?
        for h in headers { list = curl_slist_append(list, h) }
        defer { curl_slist_free_all(list) }

        let transfer = Transfer(onData: onData, cancel: cancel)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        _ = evm_curl_setopt_string(handle, CURLOPT_URL, url)
        _ = evm_curl_setopt_long(handle, CURLOPT_POST, 1)
        _ = evm_curl_setopt_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
        _ = body.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { evm_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0)) }
        }
        _ = evm_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, list)
        _ = evm_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = evm_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        _ = evm_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        _ = evm_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeout * 1000))
        _ = evm_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(timeout * 1000))
        _ = evm_curl_setopt_string(handle, CURLOPT_USERAGENT, "evermed-ops")
        _ = evm_curl_setopt_write(handle) { data, size, count, context in
            guard let data, let context else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
            let bytes = [UInt8](UnsafeRawBufferPointer(start: data, count: size * count))
            return transfer.receive(bytes) ? size * count : 0
        }
        _ = evm_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        _ = evm_curl_setopt_header(handle) { data, size, count, context in
            guard let data, let context else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
            transfer.header(String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self))
            return size * count
        }
        _ = evm_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        _ = evm_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0)
        _ = evm_curl_setopt_xferinfo(handle) { context, _, _, _, _ in
            guard let context else { return 0 }
            return Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue().cancelled ? 1 : 0
        }
        _ = evm_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context)

        let code = curl_easy_perform(handle)
        var status = 0
        _ = evm_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        switch code {
        case CURLE_OK: break
        case CURLE_ABORTED_BY_CALLBACK where transfer.cancelled || transfer.stopped,
             CURLE_WRITE_ERROR where transfer.cancelled || transfer.stopped:
            throw .cancelled
        case CURLE_OPERATION_TIMEDOUT: throw .timeout
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            throw .unreachable(String(cString: curl_easy_strerror(code)))
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE:
            throw .tls(String(cString: curl_easy_strerror(code)))
        default: throw .other(String(cString: curl_easy_strerror(code)))
        }
        return Response(status: status, headers: transfer.headers, body: transfer.body)
    }
}

/// The state one transfer's callbacks share (passed to curl as an unretained pointer; it outlives `perform`).
private final class Transfer {
    let onData: (([UInt8]) -> Bool)?
    let cancel: CancelToken?
    var headers: [String: String] = [:]
    var body: [UInt8] = []
    var stopped = false
    private var status = 0

    init(onData: (([UInt8]) -> Bool)?, cancel: CancelToken?) {
        self.onData = onData
        self.cancel = cancel
    }

    var cancelled: Bool { cancel?.isCancelled == true }

    func receive(_ bytes: [UInt8]) -> Bool {
        if cancelled { return false }
        // An error status is kept whole (its body explains it); a success is streamed when someone listens.
        if let onData, status < 300 {
            if !onData(bytes) { stopped = true; return false }
            return true
        }
        body += bytes
        return true
    }

    func header(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("HTTP/") {
            headers = [:]   // a new response (after 100 Continue or a redirect)
            status = Int(trimmed.split(separator: " ").dropFirst().first ?? "") ?? 0
            return
        }
        guard let colon = trimmed.firstIndex(of: ":") else { return }
        headers[trimmed[..<colon].lowercased()] = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
}
