import CampusKit
import Foundation

/// A plan as the office keeps it: the problem it was made for, the names people know its codes by, what the planner
/// answered, and the day it is published for (the day's timetable), if any.
public struct SavedPlan: Sendable, Equatable {
    public var id: String
    public var problem: SeparationProblem
    /// Display names of node and facility codes (`北区食堂` for `canteen-2`); a code without one shows as itself.
    public var labels: [String: String]
    public var result: SeparationPlan
    public var publishedOn: CampusDay?
    public var createdBy: String
    public var createdAt: Date

    public init(id: String, problem: SeparationProblem, labels: [String: String], result: SeparationPlan, publishedOn: CampusDay?,
                createdBy: String, createdAt: Date) {
        self.id = id
        self.problem = problem
        self.labels = labels
        self.result = result
        self.publishedOn = publishedOn
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    /// The name people know a node or facility by.
    public func label(_ code: String) -> String { labels[code].flatMap { $0.isEmpty ? nil : $0 } ?? code }
}

/// A plan in a list: enough to choose one.
public struct PlanSummary: Sendable, Equatable {
    public var id: String
    public var name: String
    public var feasible: Bool
    public var objective: Int
    public var demands: Int
    public var publishedOn: CampusDay?
    public var createdBy: String
    public var createdAt: Date

    public init(id: String, name: String, feasible: Bool, objective: Int, demands: Int, publishedOn: CampusDay?, createdBy: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.feasible = feasible
        self.objective = objective
        self.demands = demands
        self.publishedOn = publishedOn
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}
