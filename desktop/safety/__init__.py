"""Safety net: the crisis and abuse detector, crisis resources and the after-session self-check."""

from __future__ import annotations

from desktop.safety.crisis import CrisisLine, CrisisResources, crisis_resources
from desktop.safety.detector import Kind, Level, SafetyCheck, check
from desktop.safety.selfcheck import Feeling, SelfCheck, needs_professional_help
from desktop.safety.texts import SafetyTexts, TherapistGuidance, safety_texts, therapist_guidance

__all__ = [
    "CrisisLine",
    "CrisisResources",
    "Feeling",
    "Kind",
    "Level",
    "SafetyCheck",
    "SafetyTexts",
    "SelfCheck",
    "TherapistGuidance",
    "check",
    "crisis_resources",
    "needs_professional_help",
    "safety_texts",
    "therapist_guidance",
]
