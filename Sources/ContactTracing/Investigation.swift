import CampusKit
import Foundation

/// A saved investigation: what was asked, what was found, by whom, and which contacts were marked for follow-up
/// (for quarantine to act on).
public struct Investigation: Sendable, Equatable {
    public var id: String
    public var request: InvestigationRequest
    public var contacts: [Contact]
    public var createdBy: String
    public var createdAt: Date
    /// Milliseconds the tracing took.
    public var elapsedMilliseconds: Double
    /// Student numbers marked for follow-up.
    public var followUps: Set<String>
    /// The index student's name (from the roster).
    public var indexName: String

    public init(id: String, request: InvestigationRequest, contacts: [Contact], createdBy: String, createdAt: Date,
                elapsedMilliseconds: Double, followUps: Set<String> = [], indexName: String = "") {
        self.id = id
        self.request = request
        self.contacts = contacts
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.elapsedMilliseconds = elapsedMilliseconds
        self.followUps = followUps
        self.indexName = indexName
    }
}

/// A line in the list of investigations.
public struct InvestigationSummary: Sendable, Equatable {
    public var id: String
    public var indexStudentNo: String
    public var indexName: String
    public var from: Date
    public var to: Date
    public var degree1: Int
    public var degree2: Int
    public var createdBy: String
    public var createdAt: Date

    public init(id: String, indexStudentNo: String, indexName: String, from: Date, to: Date, degree1: Int, degree2: Int,
                createdBy: String, createdAt: Date) {
        self.id = id
        self.indexStudentNo = indexStudentNo
        self.indexName = indexName
        self.from = from
        self.to = to
        self.degree1 = degree1
        self.degree2 = degree2
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// Where investigations are saved.
public protocol InvestigationStore: Sendable {
    func save(_ investigation: Investigation, school: SchoolID) async throws

    /// One investigation, or nil when unknown or its index student is outside `scope`.
    func investigation(school: SchoolID, id: String, scope: Scope) async throws -> Investigation?

    /// Investigations of index students within `scope`, newest first.
    func investigations(school: SchoolID, scope: Scope, limit: Int) async throws -> [InvestigationSummary]

    /// Marks (or, with `marked` false, unmarks) contacts for follow-up.
    func setFollowUp(school: SchoolID, id: String, studentNos: [String], marked: Bool, by: String, at: Date) async throws
}
